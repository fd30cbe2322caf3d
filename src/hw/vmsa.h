/* SPDX-License-Identifier: MIT */
/*
 * VMSAv8-64 stage-2 translation table descriptors, 4 KiB granule (Arm ARM
 * D8.3): the one definition the P2M writes (src/xen/p2m.c), the SMMU walks
 * (src/hw/smmu/walk.c) and the CPU's stage-2 MMU walks (src/hw/s2mmu.c).
 *
 * Bits: 0 valid, 1 table (L0-L2) or page (L3), 5:2 MemAttr, 6 S2AP read,
 * 7 S2AP write, 9:8 SH, 10 AF, 47:12 output address, 54 XN; 58:55 are
 * ignored by the hardware and left to software (Xen keeps the p2m type there).
 */
#ifndef GNTSIM_HW_VMSA_H
#define GNTSIM_HW_VMSA_H

#include <stdint.h>

#define VMSA_DESC_VALID       (1ull << 0)
#define VMSA_DESC_TABLE       (1ull << 1) /* table at L0-L2, page at L3 */
#define VMSA_DESC_MATTR_SHIFT 2
#define VMSA_DESC_S2AP_R      (1ull << 6)
#define VMSA_DESC_S2AP_W      (1ull << 7)
#define VMSA_DESC_SH_SHIFT    8
#define VMSA_DESC_AF          (1ull << 10)
#define VMSA_DESC_ADDR_MASK   0x0000fffffffff000ull
#define VMSA_DESC_XN          (1ull << 54)
#define VMSA_DESC_SW_SHIFT    55 /* software bits [58:55] */
#define VMSA_DESC_SW_MASK     (0xfull << VMSA_DESC_SW_SHIFT)

#define VMSA_LEVEL_BITS 9 /* 512 descriptors per table */
#define VMSA_LEAF_LEVEL 3 /* L3: pages */
#define VMSA_ENTRIES    (1u << VMSA_LEVEL_BITS)

/* Address bits a descriptor at @level translates (L0 39, L1 30, L2 21, L3 12). */
static inline unsigned vmsa_level_shift(unsigned level)
{
    return 39 - VMSA_LEVEL_BITS * level;
}

/* Index of the descriptor for input address @ia in a table at @level. */
static inline unsigned vmsa_index(uint64_t ia, unsigned level)
{
    return (unsigned)(ia >> vmsa_level_shift(level)) & (VMSA_ENTRIES - 1);
}

#endif
