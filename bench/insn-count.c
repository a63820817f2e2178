/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/*
 * socnic-insn-count: a QEMU TCG plugin (user mode, aarch64 guests) that
 * counts what socnic-bench-fastpath's measured calls execute: instructions,
 * data cache maintenance by address (DC IVAC, CVAC, CVAU, CVAP, CVADP,
 * CIVAC), DSBs and DMBs.
 *
 * The guest says what to count with hint instructions the architecture
 * leaves as NOPs (bench/fastpath.c, BENCH_MARK):
 *   HINT #122  count what follows as rx      HINT #125  stop counting
 *   HINT #123  count what follows as tx      HINT #124  zero the counts
 *   HINT #126  write the counts, one line, to the plugin's output file
 * Each guest thread counts on its own, so EAL's other threads never mix in.
 *
 *   qemu-aarch64 -plugin socnic-insn-count.so,out=FILE PROGRAM ...
 * writes, at every HINT #126, "rx I D S M tx I D S M": instructions, data
 * cache operations, DSBs, DMBs.
 *
 * Blocks without a marker are counted whole by one callback; a block with
 * one gets a callback per instruction, so a count never runs past a
 * marker.
 */

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

#define HINT(n)		(0xd503201fu | (uint32_t)(n) << 5)
#define MARK_RX		HINT(122)
#define MARK_TX		HINT(123)
#define MARK_ZERO	HINT(124)
#define MARK_OFF	HINT(125)
#define MARK_DUMP	HINT(126)

enum { C_INSN, C_DC, C_DSB, C_DMB, C_NB };
enum { W_NONE = -1, W_RX, W_TX, W_NB };

#define MAX_VCPUS 256

struct vcpu {
	int what;			/* W_*: what is being counted */
	uint64_t n[W_NB][C_NB];
};

static struct vcpu vcpus[MAX_VCPUS];
static FILE *out;

/* What one block or one instruction adds. */
struct cost {
	uint32_t n[C_NB];
};

/* One instruction word's class: C_DC, C_DSB, C_DMB, or C_INSN alone. */
static int
classify(uint32_t w)
{
	/* DSB/DMB <option>: 1101 0101 0000 0011 0011 CRm 1 op 1 11111. */
	if ((w & 0xfffff0ffu) == 0xd503309fu)
		return C_DSB;
	if ((w & 0xfffff0ffu) == 0xd50330bfu)
		return C_DMB;
	/* SYS #op1, C7, Cm, #op2, Xt (L = 0, CRn = 7): DC and IC. Data cache
	 * maintenance by address is op2 = 1 with op1 = 3 and CRm one of
	 * 10 (CVAC), 11 (CVAU), 12 (CVAP), 13 (CVADP), 14 (CIVAC), or op1 = 0
	 * and CRm = 6 (IVAC). */
	if ((w & 0xfff8f000u) == 0xd5087000u && ((w >> 5) & 7) == 1) {
		const unsigned int op1 = (w >> 16) & 7, crm = (w >> 8) & 15;

		if ((op1 == 3 && crm >= 10 && crm <= 14) ||
		    (op1 == 0 && crm == 6))
			return C_DC;
	}
	return C_INSN;
}

static void
add(struct vcpu *v, const struct cost *c)
{
	unsigned int k;

	if (v->what == W_NONE)
		return;
	for (k = 0; k < C_NB; k++)
		v->n[v->what][k] += c->n[k];
}

static void
block_exec(unsigned int vcpu_index, void *udata)
{
	if (vcpu_index < MAX_VCPUS)
		add(&vcpus[vcpu_index], udata);
}

static void
dump(const struct vcpu *v)
{
	fprintf(out, "rx %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64
		" tx %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 "\n",
		v->n[W_RX][C_INSN], v->n[W_RX][C_DC], v->n[W_RX][C_DSB],
		v->n[W_RX][C_DMB], v->n[W_TX][C_INSN], v->n[W_TX][C_DC],
		v->n[W_TX][C_DSB], v->n[W_TX][C_DMB]);
	fflush(out);
}

/* udata: the instruction word with, for an ordinary one, its cost. */
struct insn {
	uint32_t word;
	struct cost cost;
};

static void
insn_exec(unsigned int vcpu_index, void *udata)
{
	const struct insn *i = udata;
	struct vcpu *v;

	if (vcpu_index >= MAX_VCPUS)
		return;
	v = &vcpus[vcpu_index];
	switch (i->word) {
	case MARK_RX:
		v->what = W_RX;
		break;
	case MARK_TX:
		v->what = W_TX;
		break;
	case MARK_OFF:
		v->what = W_NONE;
		break;
	case MARK_ZERO:
		memset(v->n, 0, sizeof(v->n));
		break;
	case MARK_DUMP:
		dump(v);
		break;
	default:
		add(v, &i->cost);
	}
}

static int
is_marker(uint32_t w)
{
	return w == MARK_RX || w == MARK_TX || w == MARK_ZERO ||
	       w == MARK_OFF || w == MARK_DUMP;
}

static uint32_t
insn_word(const struct qemu_plugin_insn *insn)
{
	uint32_t w = 0;

	if (qemu_plugin_insn_size(insn) == 4)
		memcpy(&w, qemu_plugin_insn_data(insn), 4);
	return w;
}

/*
 * Translation: the block's cost once, or, with a marker in it, one record
 * per instruction. The records live as long as QEMU may run the block:
 * they are never freed (the harness translates a few thousand blocks).
 */
static void
block_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	const size_t n = qemu_plugin_tb_n_insns(tb);
	struct cost *c;
	size_t i;
	int marked = 0;

	(void)id;
	for (i = 0; i < n; i++)
		marked |= is_marker(insn_word(qemu_plugin_tb_get_insn(tb, i)));
	if (marked) {
		for (i = 0; i < n; i++) {
			struct qemu_plugin_insn *insn =
				qemu_plugin_tb_get_insn(tb, i);
			struct insn *r = calloc(1, sizeof(*r));

			if (r == NULL)
				abort();
			r->word = insn_word(insn);
			if (!is_marker(r->word)) {
				r->cost.n[C_INSN] = 1;
				if (classify(r->word) != C_INSN)
					r->cost.n[classify(r->word)] = 1;
			}
			qemu_plugin_register_vcpu_insn_exec_cb(insn, insn_exec,
				QEMU_PLUGIN_CB_NO_REGS, r);
		}
		return;
	}
	c = calloc(1, sizeof(*c));
	if (c == NULL)
		abort();
	for (i = 0; i < n; i++) {
		const int k = classify(insn_word(qemu_plugin_tb_get_insn(tb, i)));

		c->n[C_INSN]++;
		if (k != C_INSN)
			c->n[k]++;
	}
	qemu_plugin_register_vcpu_tb_exec_cb(tb, block_exec,
					     QEMU_PLUGIN_CB_NO_REGS, c);
}

QEMU_PLUGIN_EXPORT int
qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
		    char **argv)
{
	const char *path = NULL;
	unsigned int i;
	int k;

	if (strcmp(info->target_name, "aarch64") != 0) {
		fprintf(stderr, "socnic-insn-count: counts aarch64 guests, not %s\n",
			info->target_name);
		return -1;
	}
	for (k = 0; k < argc; k++) {
		if (strncmp(argv[k], "out=", 4) == 0) {
			path = argv[k] + 4;
		} else {
			fprintf(stderr, "socnic-insn-count: unknown argument '%s': give out=FILE\n",
				argv[k]);
			return -1;
		}
	}
	out = path != NULL ? fopen(path, "w") : stderr;
	if (out == NULL) {
		fprintf(stderr, "socnic-insn-count: cannot write %s\n", path);
		return -1;
	}
	for (i = 0; i < MAX_VCPUS; i++)
		vcpus[i].what = W_NONE;
	qemu_plugin_register_vcpu_tb_trans_cb(id, block_trans);
	return 0;
}
