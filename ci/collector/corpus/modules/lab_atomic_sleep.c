// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lab_atomic_sleep: sleeps where it must not, for the collector's report corpus.
 *
 *   modprobe lab_atomic_sleep mode=might-sleep  mutex_lock() under a spinlock:
 *                                              "BUG: sleeping function called from invalid context"
 *   modprobe lab_atomic_sleep mode=schedule     msleep() under a spinlock:
 *                                              "BUG: scheduling while atomic"
 */
#include <linux/delay.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>

static char *mode = "might-sleep";
module_param(mode, charp, 0444);
MODULE_PARM_DESC(mode, "might-sleep or schedule");

static DEFINE_SPINLOCK(lab_spinlock);
static DEFINE_MUTEX(lab_mutex);

static noinline void lab_mutex_under_spinlock(void)
{
	spin_lock(&lab_spinlock);
	mutex_lock(&lab_mutex); /* might sleep, with preemption off */
	mutex_unlock(&lab_mutex);
	spin_unlock(&lab_spinlock);
}

static noinline void lab_msleep_under_spinlock(void)
{
	spin_lock(&lab_spinlock);
	msleep(1); /* schedules with preemption off */
	spin_unlock(&lab_spinlock);
}

static int __init lab_atomic_sleep_init(void)
{
	if (!strcmp(mode, "might-sleep")) {
		lab_mutex_under_spinlock();
	} else if (!strcmp(mode, "schedule")) {
		lab_msleep_under_spinlock();
	} else {
		pr_err("lab_atomic_sleep: unknown mode '%s'\n", mode);
		return -EINVAL;
	}
	return 0;
}

static void __exit lab_atomic_sleep_exit(void)
{
}

module_init(lab_atomic_sleep_init);
module_exit(lab_atomic_sleep_exit);
MODULE_DESCRIPTION("ingenic-lab: sleeping in atomic context on purpose (report corpus)");
MODULE_LICENSE("GPL");
