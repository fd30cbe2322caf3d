/* SPDX-License-Identifier: MIT */
/*
 * The Arm shared_info layout (<xen/foreign/arm64.h> struct shared_info_arm64)
 * for Xen (evtchn.c) and the guest kernel (linux/events.c). The generated
 * header only takes its aligned-union branch outside strict ISO mode, so
 * that one macro is lifted around the include; the offsets are checked
 * against Xen's arm64 ABI below.
 */
#ifndef GNTSIM_XEN_PUBLIC_SHARED_INFO_H
#define GNTSIM_XEN_PUBLIC_SHARED_INFO_H

#include <stddef.h>
#include <stdint.h>

#ifdef __STRICT_ANSI__
#define GNTSIM_WAS_STRICT_ANSI 1
#undef __STRICT_ANSI__
#endif
#include <xen/foreign/arm64.h>
#ifdef GNTSIM_WAS_STRICT_ANSI
#define __STRICT_ANSI__ 1
#undef GNTSIM_WAS_STRICT_ANSI
#endif

_Static_assert(offsetof(struct shared_info_arm64, vcpu_info[0].evtchn_pending_sel) == 8,
               "vcpu_info.evtchn_pending_sel");
_Static_assert(offsetof(struct shared_info_arm64, evtchn_pending) == 48,
               "shared_info.evtchn_pending (after one 48-byte vcpu_info)");
_Static_assert(offsetof(struct shared_info_arm64, evtchn_mask) == 48 + 512,
               "shared_info.evtchn_mask");

#endif
