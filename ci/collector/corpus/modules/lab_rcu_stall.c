// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lab_rcu_stall: holds up an RCU grace period, for the collector's report corpus.
 *
 *   modprobe lab_rcu_stall seconds=15  spins for 15 s inside an RCU read-side critical section
 *                                       (preemptible, so no soft lockup) after asking for a
 *                                       grace period: "rcu: INFO: rcu_preempt detected stalls
 *                                       on CPUs/tasks" once the stall timeout has passed (the
 *                                       corpus job lowers it to 3 s in
 *                                       /sys/module/rcupdate/parameters/rcu_cpu_stall_timeout;
 *                                       CONFIG_PROVE_RCU adds 5 s)
 *
 * Our boards have one CPU: a spin with preemption off would keep the grace-period kthread
 * from starting the grace period at all, so the reader spins preemptibly; the kthread starts
 * the grace period when it preempts the reader, which then blocks it until the spin ends.
 */
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/rcupdate.h>

static unsigned int seconds = 15;
module_param(seconds, uint, 0444);
MODULE_PARM_DESC(seconds, "how long the reader spins (1..60 s)");

static noinline void lab_reader_spin(unsigned int s)
{
	unsigned long end = jiffies + s * HZ;

	rcu_read_lock();
	start_poll_synchronize_rcu(); /* a grace period that this reader will hold up */
	while (time_before(jiffies, end))
		cpu_relax();
	rcu_read_unlock();
}

static int __init lab_rcu_stall_init(void)
{
	if (seconds < 1 || seconds > 60) {
		pr_err("lab_rcu_stall: seconds must be 1..60, got %u\n", seconds);
		return -EINVAL;
	}
	lab_reader_spin(seconds);
	synchronize_rcu();
	return 0;
}

static void __exit lab_rcu_stall_exit(void)
{
}

module_init(lab_rcu_stall_init);
module_exit(lab_rcu_stall_exit);
MODULE_DESCRIPTION("ingenic-lab: an RCU stall on purpose (report corpus)");
MODULE_LICENSE("GPL");
