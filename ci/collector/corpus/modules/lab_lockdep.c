// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lab_lockdep: makes lockdep report on purpose, for the collector's report corpus.
 *
 *   modprobe lab_lockdep mode=circular   two mutexes taken in both orders: lockdep's
 *                                        "possible circular locking dependency detected"
 *   modprobe lab_lockdep mode=held-freed  kfree() of an object whose mutex is held:
 *                                        "held lock freed!"
 *
 * Nothing deadlocks: everything runs in one task, lockdep reports the order it has seen.
 * Lockdep switches itself off after its first report, so each mode needs its own boot.
 */
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>

static char *mode = "circular";
module_param(mode, charp, 0444);
MODULE_PARM_DESC(mode, "circular or held-freed");

static DEFINE_MUTEX(lab_lock_a);
static DEFINE_MUTEX(lab_lock_b);

struct lab_object {
	struct mutex lock;
	int value;
};

static noinline void lab_take_a_then_b(void)
{
	mutex_lock(&lab_lock_a);
	mutex_lock(&lab_lock_b);
	mutex_unlock(&lab_lock_b);
	mutex_unlock(&lab_lock_a);
}

static noinline void lab_take_b_then_a(void)
{
	mutex_lock(&lab_lock_b);
	mutex_lock(&lab_lock_a); /* lockdep: A after B, but B after A was seen */
	mutex_unlock(&lab_lock_a);
	mutex_unlock(&lab_lock_b);
}

static noinline void lab_free_locked_object(void)
{
	struct lab_object *obj = kzalloc(sizeof(*obj), GFP_KERNEL);

	if (!obj)
		return;
	mutex_init(&obj->lock);
	mutex_lock(&obj->lock);
	obj->value = 1;
	kfree(obj); /* lockdep: held lock freed */
}

static int __init lab_lockdep_init(void)
{
	if (!strcmp(mode, "circular")) {
		lab_take_a_then_b();
		lab_take_b_then_a();
	} else if (!strcmp(mode, "held-freed")) {
		lab_free_locked_object();
	} else {
		pr_err("lab_lockdep: unknown mode '%s'\n", mode);
		return -EINVAL;
	}
	return 0;
}

static void __exit lab_lockdep_exit(void)
{
}

module_init(lab_lockdep_init);
module_exit(lab_lockdep_exit);
MODULE_DESCRIPTION("ingenic-lab: lockdep reports on purpose (report corpus)");
MODULE_LICENSE("GPL");
