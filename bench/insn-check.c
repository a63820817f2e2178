/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/*
 * socnic-insn-check: what bench/run runs under QEMU with the counting
 * plugin (insn-count.c) before it trusts the plugin's figures. Between the
 * markers it executes a known sequence: as rx, two data cache operations,
 * a DSB, a DMB and a call into a loop of 202 instructions (counted in
 * blocks without markers); as tx, a DSB and a NOP. bench/run expects
 * exactly "rx 207 2 1 1 tx 2 0 1 0".
 */

#include <stdint.h>

#ifndef __aarch64__
#error "socnic-insn-check is an aarch64 program"
#endif

/* mov, then 100 rounds of subs and b.ne, then ret: 202 instructions. */
__asm__(".text\n"
	".type socnic_count_loop, %function\n"
	"socnic_count_loop:\n"
	"	mov x0, #100\n"
	"1:	subs x0, x0, #1\n"
	"	b.ne 1b\n"
	"	ret\n");

static uint64_t line[16] __attribute__((aligned(64)));

int
main(void)
{
	__asm__ volatile(
		"hint #124\n"		/* zero */
		"hint #122\n"		/* rx */
		"dc civac, %0\n"
		"dc cvac, %0\n"
		"dsb sy\n"
		"dmb ish\n"
		"bl socnic_count_loop\n"
		"hint #123\n"		/* tx */
		"dsb ish\n"
		"nop\n"
		"hint #125\n"		/* off */
		"hint #126\n"		/* dump */
		: : "r" (line) : "x0", "x30", "cc", "memory");
	return 0;
}
