/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/*
 * socnic-traffic end to end over real UDP sockets on 127.0.0.1: the tool
 * against its own --reflect mode standing in for a board, which drops,
 * duplicates, corrupts, reorders, pads and appends FCSs on demand. The
 * counts the tester reports must match what the reflector did, and the exit
 * status must follow. Ports are picked free at run time, and a run whose
 * port was taken meanwhile (tests run in parallel) is retried on new ones.
 *
 * Usage: test_traffic_loopback PATH_TO_SOCNIC_TRAFFIC
 */

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

static const char *tool;

#define MAX_ARGS	48
#define OUT_LEN		16384
#define ATTEMPTS	5
/* Generous: two cores shared with a parallel test suite. */
#define RUN_TIMEOUT_MS	60000

struct proc {
	pid_t pid;
	int out;	/* stdout pipe */
	int err;	/* stderr pipe */
	char obuf[OUT_LEN];
	size_t olen;
	char ebuf[OUT_LEN];
	size_t elen;
	int status;	/* exit code, or 128 + signal */
};

static void
spawn(struct proc *p, char *const argv[])
{
	int o[2], e[2];

	memset(p, 0, sizeof(*p));
	assert_int_equal(pipe(o), 0);
	assert_int_equal(pipe(e), 0);
	p->pid = fork();
	assert_true(p->pid >= 0);
	if (p->pid == 0) {
		dup2(o[1], 1);
		dup2(e[1], 2);
		close(o[0]);
		close(e[0]);
		close(o[1]);
		close(e[1]);
		execv(argv[0], argv);
		fprintf(stderr, "exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(o[1]);
	close(e[1]);
	p->out = o[0];
	p->err = e[0];
	fcntl(p->out, F_SETFL, O_NONBLOCK);
	fcntl(p->err, F_SETFL, O_NONBLOCK);
}

static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Reads what the child wrote; false once both pipes are at EOF. */
static bool
pump(struct proc *p, int timeout_ms)
{
	struct pollfd fds[2] = {
		{ .fd = p->out, .events = POLLIN },
		{ .fd = p->err, .events = POLLIN },
	};
	int *fdp[2] = { &p->out, &p->err };
	char *bufs[2] = { p->obuf, p->ebuf };
	size_t *lens[2] = { &p->olen, &p->elen };

	if (p->out < 0 && p->err < 0)
		return false;
	poll(fds, 2, timeout_ms);
	for (int i = 0; i < 2; i++) {
		ssize_t n;

		if (*fdp[i] < 0)
			continue;
		n = read(*fdp[i], bufs[i] + *lens[i], OUT_LEN - 1 - *lens[i]);
		if (n > 0) {
			*lens[i] += (size_t)n;
			bufs[i][*lens[i]] = '\0';
		} else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
			close(*fdp[i]);
			*fdp[i] = -1;
		}
	}
	return true;
}

static int
finish(struct proc *p, int timeout_ms)
{
	uint64_t end = now_ms() + (uint64_t)timeout_ms;
	int st;

	while (pump(p, 100)) {
		if (now_ms() > end) {
			kill(p->pid, SIGKILL);
			fail_msg("%s did not finish in %d ms; stderr: %s", tool,
				 timeout_ms, p->ebuf);
		}
	}
	assert_int_equal(waitpid(p->pid, &st, 0), p->pid);
	p->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	return p->status;
}

/* Waits for the "ready" line; false if the child exited first. */
static bool
wait_ready(struct proc *p)
{
	uint64_t end = now_ms() + 10000;

	while (strstr(p->obuf, "ready\n") == NULL) {
		if (!pump(p, 100))
			return false;
		if (now_ms() > end)
			fail_msg("no ready line from %s within 10 s", tool);
	}
	return true;
}

/* n distinct ports that were free a moment ago. */
static void
pick_ports(uint16_t *ports, int n)
{
	int fds[8];

	assert_true(n <= 8);
	for (int i = 0; i < n; i++) {
		struct sockaddr_in sa = {
			.sin_family = AF_INET,
			.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
		};
		socklen_t len = sizeof(sa);

		fds[i] = socket(AF_INET, SOCK_DGRAM, 0);
		assert_true(fds[i] >= 0);
		assert_int_equal(bind(fds[i], (struct sockaddr *)&sa,
				      sizeof(sa)), 0);
		assert_int_equal(getsockname(fds[i], (struct sockaddr *)&sa,
					     &len), 0);
		ports[i] = ntohs(sa.sin_port);
	}
	for (int i = 0; i < n; i++)
		close(fds[i]);
}

/* Builds argv from the tool path plus a NULL-terminated list of words,
 * where "%A".."%D" stand for the picked ports as "X:Y" wires.
 */
struct argv_buf {
	char *argv[MAX_ARGS];
	char words[MAX_ARGS][24];
	int n;
};

static void
args_add(struct argv_buf *a, const char *w)
{
	assert_true(a->n < MAX_ARGS - 1);
	a->argv[a->n++] = (char *)w;
	a->argv[a->n] = NULL;
}

static void
args_wire(struct argv_buf *a, uint16_t mine, uint16_t peer)
{
	assert_true(a->n < MAX_ARGS - 1);
	snprintf(a->words[a->n], sizeof(a->words[0]), "%u:%u", mine, peer);
	args_add(a, a->words[a->n]);
}

static void
args_list(struct argv_buf *a, const char *const *extra)
{
	for (; extra != NULL && *extra != NULL; extra++)
		args_add(a, *extra);
}

static long long
json_int(const char *json, const char *key)
{
	char pat[64];
	const char *p;

	snprintf(pat, sizeof(pat), "\"%s\": ", key);
	p = strstr(json, pat);
	if (p == NULL)
		fail_msg("no \"%s\" in the report: %s", key, json);
	p += strlen(pat);
	if (strncmp(p, "true", 4) == 0)
		return 1;
	if (strncmp(p, "false", 5) == 0)
		return 0;
	return strtoll(p, NULL, 10);
}

static bool
port_taken(const struct proc *p)
{
	return p->status == 2 && strstr(p->ebuf, "already in use") != NULL;
}

struct pair_result {
	int rc;			/* the tester's exit status */
	char json[OUT_LEN];	/* the tester's report */
	char reflect[OUT_LEN];	/* the reflector's report */
	char err[OUT_LEN];	/* the tester's stderr */
};

/*
 * Tester --tx A:B --rx C:D (or --rx A:B with same_wire), and a reflector on
 * the board's side: --rx B:A --tx D:C (or --tx B:A).
 */
static void
run_pair(const char *const *reflect_extra, const char *const *tool_extra,
	 bool same_wire, struct pair_result *res)
{
	for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
		static struct proc refl, tester;
		struct argv_buf ra = { .n = 0 }, ta = { .n = 0 };
		uint16_t p[4];

		pick_ports(p, 4);
		args_add(&ra, tool);
		args_add(&ra, "--reflect");
		args_add(&ra, "--json");
		args_add(&ra, "--rx");
		args_wire(&ra, p[1], p[0]);
		args_add(&ra, "--tx");
		if (same_wire)
			args_wire(&ra, p[1], p[0]);
		else
			args_wire(&ra, p[3], p[2]);
		args_list(&ra, reflect_extra);
		spawn(&refl, ra.argv);
		if (!wait_ready(&refl)) {
			finish(&refl, 5000);
			if (port_taken(&refl))
				continue;
			fail_msg("reflector failed (%d): %s", refl.status,
				 refl.ebuf);
		}

		args_add(&ta, tool);
		args_add(&ta, "--json");
		args_add(&ta, "--timeout");
		args_add(&ta, "30");
		args_add(&ta, "--tx");
		args_wire(&ta, p[0], p[1]);
		args_add(&ta, "--rx");
		if (same_wire)
			args_wire(&ta, p[0], p[1]);
		else
			args_wire(&ta, p[2], p[3]);
		args_list(&ta, tool_extra);
		spawn(&tester, ta.argv);
		finish(&tester, RUN_TIMEOUT_MS);

		kill(refl.pid, SIGTERM);
		assert_int_equal(finish(&refl, 10000), 0);
		if (port_taken(&tester))
			continue;
		res->rc = tester.status;
		strcpy(res->json, tester.obuf);
		strcpy(res->err, tester.ebuf);
		strcpy(res->reflect, refl.obuf);
		if (res->rc == 2)
			fail_msg("tester setup failed: %s", tester.ebuf);
		return;
	}
	fail_msg("no free UDP ports in %d attempts", ATTEMPTS);
}

#define ARGS(...)	((const char *const[]){ __VA_ARGS__, NULL })

static void
test_clean_mix(void **state)
{
	static struct pair_result r;

	(void)state;
	run_pair(NULL, ARGS("--count", "3000", "--sizes", "imix", "--dst-mix",
			    "--window", "32"), false, &r);
	assert_int_equal(r.rc, 0);
	assert_int_equal(json_int(r.json, "sent"), 3000);
	assert_int_equal(json_int(r.json, "received"), 3000);
	assert_int_equal(json_int(r.json, "lost"), 0);
	assert_int_equal(json_int(r.json, "corrupted"), 0);
	assert_int_equal(json_int(r.json, "duplicated"), 0);
	assert_int_equal(json_int(r.json, "unexpected"), 0);
	assert_int_equal(json_int(r.json, "rx_unicast"), 1000);
	assert_int_equal(json_int(r.json, "rx_multicast"), 1000);
	assert_int_equal(json_int(r.json, "rx_broadcast"), 1000);
	/* 250 rounds of imix: 7 x 60 + 4 x 590 + 1514 bytes each. */
	assert_int_equal(json_int(r.json, "sent_bytes"),
			 250 * (7 * 60 + 4 * 590 + 1514));
	assert_int_equal(json_int(r.json, "received_bytes"),
			 json_int(r.json, "sent_bytes"));
	assert_non_null(strstr(r.json, "\"result\": \"pass\""));
	assert_int_equal(json_int(r.reflect, "forwarded"), 3000);
}

static void
test_same_wire_jumbo(void **state)
{
	static struct pair_result r;

	(void)state;
	run_pair(NULL, ARGS("--count", "500", "--size", "1000-9000",
			    "--window", "16"), true, &r);
	assert_int_equal(r.rc, 0);
	assert_int_equal(json_int(r.json, "received"), 500);
	assert_int_equal(json_int(r.json, "lost"), 0);
}

static void
test_loss_fails(void **state)
{
	static struct pair_result r;

	(void)state;
	run_pair(ARGS("--drop-every", "100"),
		 ARGS("--count", "2000", "--window", "32", "--drain-ms", "300"),
		 false, &r);
	assert_int_equal(r.rc, 1);
	assert_int_equal(json_int(r.reflect, "dropped"), 20);
	assert_int_equal(json_int(r.json, "lost"), 20);
	assert_int_equal(json_int(r.json, "received"), 1980);
	assert_non_null(strstr(r.json, "\"result\": \"fail\""));
	assert_non_null(strstr(r.json, "lost 20 of 2000 frames"));
}

static void
test_loss_allowed(void **state)
{
	static struct pair_result r;

	(void)state;
	run_pair(ARGS("--drop-every", "100"),
		 ARGS("--count", "2000", "--window", "32", "--drain-ms", "300",
		      "--max-loss", "20"), false, &r);
	assert_int_equal(r.rc, 0);
	assert_int_equal(json_int(r.json, "lost"), 20);

	run_pair(ARGS("--drop-every", "100"),
		 ARGS("--count", "2000", "--window", "32", "--drain-ms", "300",
		      "--max-loss", "19"), false, &r);
	assert_int_equal(r.rc, 1);

	run_pair(ARGS("--drop-every", "100"),
		 ARGS("--count", "2000", "--window", "32", "--drain-ms", "300",
		      "--max-loss-pct", "1"), false, &r);
	assert_int_equal(r.rc, 0);

	run_pair(ARGS("--drop-every", "100"),
		 ARGS("--count", "2000", "--window", "32", "--drain-ms", "300",
		      "--max-loss-pct", "0.9"), false, &r);
	assert_int_equal(r.rc, 1);
}

static void
test_duplicates_fail(void **state)
{
	static struct pair_result r;

	(void)state;
	run_pair(ARGS("--dup-every", "50"),
		 ARGS("--count", "2000", "--window", "32"), false, &r);
	assert_int_equal(r.rc, 1);
	assert_int_equal(json_int(r.json, "duplicated"), 40);
	assert_int_equal(json_int(r.json, "lost"), 0);
	assert_int_equal(json_int(r.json, "received"), 2040);
}

static void
test_corruption_fails(void **state)
{
	static struct pair_result r;

	(void)state;
	run_pair(ARGS("--corrupt-every", "100"),
		 ARGS("--count", "2000", "--window", "32", "--size",
		      "60-1514"), false, &r);
	assert_int_equal(r.rc, 1);
	assert_int_equal(json_int(r.json, "corrupted"), 20);
	/* Corrupted, not also lost. */
	assert_int_equal(json_int(r.json, "lost"), 0);
	assert_int_equal(json_int(r.json, "received"), 1980);
}

static void
test_reorder(void **state)
{
	static struct pair_result r;
	long long swapped;

	(void)state;
	run_pair(ARGS("--swap-every", "10"),
		 ARGS("--count", "2005", "--window", "32"), false, &r);
	assert_int_equal(r.rc, 0);
	swapped = json_int(r.reflect, "swapped");
	/* Every 10th frame held back behind its successor, unless the
	 * reflector let it go alone after a pause.
	 */
	assert_in_range(swapped, 150, 200);
	assert_int_equal(json_int(r.json, "reordered"), swapped);
	assert_int_equal(json_int(r.json, "lost"), 0);

	run_pair(ARGS("--swap-every", "10"),
		 ARGS("--count", "2005", "--window", "32", "--fail-on-reorder"),
		 false, &r);
	assert_int_equal(r.rc, 1);
}

static void
test_padding_and_fcs(void **state)
{
	static struct pair_result r;

	(void)state;
	/* Runts come back padded to 60 and with an FCS: both tolerated. */
	run_pair(ARGS("--pad", "--add-fcs"),
		 ARGS("--count", "500", "--size", "50", "--window", "32"),
		 false, &r);
	assert_int_equal(r.rc, 0);
	assert_int_equal(json_int(r.json, "padded"), 500);
	assert_int_equal(json_int(r.json, "fcs"), 500);
	/* Bytes count what was sent, not the padding. */
	assert_int_equal(json_int(r.json, "received_bytes"), 500 * 50);

	run_pair(ARGS("--add-fcs"),
		 ARGS("--count", "300", "--size", "8990-9000", "--window",
		      "16"), false, &r);
	assert_int_equal(r.rc, 0);
	assert_int_equal(json_int(r.json, "fcs"), 300);
	assert_int_equal(json_int(r.json, "padded"), 0);
}

/* A board that forwards nothing: fail fast instead of crawling. */
static void
test_dead_board(void **state)
{
	static struct pair_result r;
	uint64_t t0 = now_ms();

	(void)state;
	run_pair(ARGS("--drop-every", "1"),
		 ARGS("--count", "100000", "--window", "8", "--drain-ms",
		      "100"), false, &r);
	assert_int_equal(r.rc, 1);
	assert_int_equal(json_int(r.json, "gave_up"), 1);
	assert_int_equal(json_int(r.json, "received"), 0);
	assert_true(json_int(r.json, "sent") < 100);
	assert_true(now_ms() - t0 < 20000);
}

static void
test_seed_repeats(void **state)
{
	static struct pair_result r;
	long long a, b, c;

	(void)state;
	run_pair(NULL, ARGS("--count", "200", "--size", "60-9000", "--seed",
			    "7", "--window", "32"), false, &r);
	assert_int_equal(r.rc, 0);
	a = json_int(r.json, "sent_bytes");
	assert_int_equal(json_int(r.json, "seed"), 7);
	run_pair(NULL, ARGS("--count", "200", "--size", "60-9000", "--seed",
			    "7", "--window", "32"), false, &r);
	b = json_int(r.json, "sent_bytes");
	run_pair(NULL, ARGS("--count", "200", "--size", "60-9000", "--seed",
			    "8", "--window", "32"), false, &r);
	c = json_int(r.json, "sent_bytes");
	assert_int_equal(a, b);
	assert_true(a != c);
}

/*
 * --rx alone proves a port drops frames: a listener expecting none passes
 * when the reflector drops everything and fails when frames get through.
 */
static int
listen_while_sending(const char *const *reflect_extra, const char *count,
		     struct proc *listener)
{
	for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
		static struct proc refl, sender;
		struct argv_buf ra = { .n = 0 }, la = { .n = 0 },
				sa = { .n = 0 };
		uint16_t p[4];

		pick_ports(p, 4);
		args_add(&ra, tool);
		args_add(&ra, "--reflect");
		args_add(&ra, "--rx");
		args_wire(&ra, p[1], p[0]);
		args_add(&ra, "--tx");
		args_wire(&ra, p[3], p[2]);
		args_list(&ra, reflect_extra);
		spawn(&refl, ra.argv);
		if (!wait_ready(&refl)) {
			finish(&refl, 5000);
			if (port_taken(&refl))
				continue;
			fail_msg("reflector failed: %s", refl.ebuf);
		}

		args_add(&la, tool);
		args_add(&la, "--rx");
		args_wire(&la, p[2], p[3]);
		args_list(&la, ARGS("--ready", "--json", "--duration", "30",
				    "--drain-ms", "300", "--count", count));
		spawn(listener, la.argv);
		if (!wait_ready(listener)) {
			finish(listener, 5000);
			kill(refl.pid, SIGTERM);
			finish(&refl, 5000);
			if (port_taken(listener))
				continue;
			fail_msg("listener failed: %s", listener->ebuf);
		}

		args_add(&sa, tool);
		args_add(&sa, "--tx");
		args_wire(&sa, p[0], p[1]);
		args_list(&sa, ARGS("--count", "300", "--rate", "3000"));
		spawn(&sender, sa.argv);
		finish(&sender, RUN_TIMEOUT_MS);
		/* Whatever got through has by now; the listener's --count
		 * (when reached) or this signal ends it.
		 */
		usleep(300 * 1000);
		kill(listener->pid, SIGTERM);
		finish(listener, RUN_TIMEOUT_MS);
		kill(refl.pid, SIGTERM);
		assert_int_equal(finish(&refl, 10000), 0);
		if (port_taken(&sender))
			continue;
		assert_int_equal(sender.status, 0);
		return listener->status;
	}
	fail_msg("no free UDP ports in %d attempts", ATTEMPTS);
	return -1;
}

static void
test_rx_only(void **state)
{
	static struct proc l;

	(void)state;
	assert_int_equal(listen_while_sending(ARGS("--drop-every", "1"), "0",
					      &l), 0);
	assert_int_equal(json_int(l.obuf, "received"), 0);

	assert_int_equal(listen_while_sending(NULL, "0", &l), 1);
	assert_int_equal(json_int(l.obuf, "received"), 300);
	assert_non_null(strstr(l.obuf, "where none should arrive"));

	/* Expecting exactly what is sent: pass, and stop once all came. */
	assert_int_equal(listen_while_sending(NULL, "300", &l), 0);
	assert_int_equal(json_int(l.obuf, "received"), 300);
	assert_int_equal(json_int(l.obuf, "lost"), 0);
	assert_int_equal(json_int(l.obuf, "interrupted"), 0);

	assert_int_equal(listen_while_sending(ARGS("--drop-every", "3"), "300",
					      &l), 1);
	assert_int_equal(json_int(l.obuf, "lost"), 100);
}

static int
run_alone(const char *const *args, struct proc *p)
{
	struct argv_buf a = { .n = 0 };

	args_add(&a, tool);
	args_list(&a, args);
	spawn(p, a.argv);
	return finish(p, RUN_TIMEOUT_MS);
}

static int
count_lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void
test_usage_errors(void **state)
{
	static struct proc p;
	struct sockaddr_in sa = {
		.sin_family = AF_INET,
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	socklen_t len = sizeof(sa);
	char wire[24];
	int fd;

	(void)state;
	assert_int_equal(run_alone(ARGS("--tx", "40000"), &p), 2);
	assert_non_null(strstr(p.ebuf, "TESTER_PORT:BOARD_PORT"));
	assert_int_equal(run_alone(ARGS("--tx", "40000:40001", "--size",
					"9001"), &p), 2);
	assert_non_null(strstr(p.ebuf, "9001"));
	assert_int_equal(run_alone(ARGS("--count", "5"), &p), 2);
	assert_non_null(strstr(p.ebuf, "nothing to do"));
	assert_int_equal(run_alone(ARGS("--tx", "40000:40001", "--bogus"), &p),
			 2);
	assert_non_null(strstr(p.ebuf, "--bogus"));
	assert_int_equal(run_alone(ARGS("--tx", "40000:40001", "--window",
					"8"), &p), 2);
	assert_int_equal(run_alone(ARGS("--tx", "40000:40001", "--dst",
					"02:00"), &p), 2);
	/* Exactly one line: cause and fix. */
	assert_int_equal(count_lines(p.ebuf), 1);

	/* A port someone holds: named, with the fix. */
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	snprintf(wire, sizeof(wire), "%u:%u", ntohs(sa.sin_port),
		 ntohs(sa.sin_port) == 65535 ? 1 : ntohs(sa.sin_port) + 1);
	assert_int_equal(run_alone(ARGS("--tx", wire, "--count", "1"), &p), 2);
	{
		char port[16];

		snprintf(port, sizeof(port), ":%u ", ntohs(sa.sin_port));
		assert_non_null(strstr(p.ebuf, port));
	}
	assert_non_null(strstr(p.ebuf, "already in use"));
	close(fd);

	assert_int_equal(run_alone(ARGS("--help"), &p), 0);
	assert_non_null(strstr(p.obuf, "--max-loss"));
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean_mix),
		cmocka_unit_test(test_same_wire_jumbo),
		cmocka_unit_test(test_loss_fails),
		cmocka_unit_test(test_loss_allowed),
		cmocka_unit_test(test_duplicates_fail),
		cmocka_unit_test(test_corruption_fails),
		cmocka_unit_test(test_reorder),
		cmocka_unit_test(test_padding_and_fcs),
		cmocka_unit_test(test_dead_board),
		cmocka_unit_test(test_seed_repeats),
		cmocka_unit_test(test_rx_only),
		cmocka_unit_test(test_usage_errors),
	};

	if (argc != 2) {
		fprintf(stderr, "usage: %s PATH_TO_SOCNIC_TRAFFIC\n", argv[0]);
		return 2;
	}
	tool = argv[1];
	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests_name("traffic-loopback", tests, NULL,
					   NULL);
}
