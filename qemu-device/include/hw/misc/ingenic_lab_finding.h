/*
 * ingenic-lab device-side findings
 *
 * The emulated hardware knows things no guest-side detector can see: a register
 * access while the block's clock is gated, a controller still scanning out when the
 * machine resets, DMA from outside RAM. Each such event is reported as one line
 *
 *   ingenic-lab finding: <device>: <kind>: <detail>
 *
 * in the QEMU log (stderr, or the -D file), unconditionally: unlike LOG_GUEST_ERROR
 * it needs no -d flag, because the host collector turns these lines into reports.
 * <kind> is a short lowercase-hyphen word ("gated-access", "active-at-reset", ...)
 * so that reports deduplicate by device and kind.
 *
 * Findings of one kind from one device are rate-limited per instance by the caller
 * (see IngenicFindingLimiter) so a guest looping on a gated register cannot flood
 * the log.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef HW_MISC_INGENIC_LAB_FINDING_H
#define HW_MISC_INGENIC_LAB_FINDING_H

#include "qemu/log.h"
#include "qemu/log-for-trace.h"

#define INGENIC_FINDING_PREFIX "ingenic-lab finding: "

/* At most this many lines per limiter; the last one says that more were dropped. */
#define INGENIC_FINDING_BURST 8

typedef struct IngenicFindingLimiter {
    uint32_t count;
} IngenicFindingLimiter;

/* Re-arm after an event that makes new findings of this kind interesting again. */
static inline void ingenic_finding_rearm(IngenicFindingLimiter *l)
{
    l->count = 0;
}

static inline void G_GNUC_PRINTF(4, 5)
ingenic_lab_finding(IngenicFindingLimiter *l, const char *device,
                    const char *kind, const char *fmt, ...)
{
    g_autofree char *detail = NULL;
    va_list ap;

    if (l && l->count > INGENIC_FINDING_BURST) {
        return;
    }
    va_start(ap, fmt);
    detail = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    if (l && ++l->count > INGENIC_FINDING_BURST) {
        qemu_log(INGENIC_FINDING_PREFIX "%s: %s: %s (further %s findings "
                 "suppressed until re-armed)\n", device, kind, detail, kind);
        return;
    }
    qemu_log(INGENIC_FINDING_PREFIX "%s: %s: %s\n", device, kind, detail);
}

#endif
