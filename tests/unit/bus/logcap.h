/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

#ifndef LOGCAP_H
#define LOGCAP_H

/* Captures what DPDK logs so tests can hold the bus to its exact lines. */

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_log.h>

static FILE *logcap_file;
static char logcap_buf[1 << 16];

static inline void
logcap_start(void)
{
	logcap_file = tmpfile();
	rte_openlog_stream(logcap_file);
	rte_log_set_level_pattern("bus.socplat", RTE_LOG_DEBUG);
}

static inline const char *
logcap_text(void)
{
	size_t n;

	fflush(logcap_file);
	rewind(logcap_file);
	n = fread(logcap_buf, 1, sizeof(logcap_buf) - 1, logcap_file);
	logcap_buf[n] = '\0';
	fseek(logcap_file, 0, SEEK_END);
	return logcap_buf;
}

static inline void
logcap_stop(void)
{
	rte_openlog_stream(NULL);
	if (logcap_file != NULL)
		fclose(logcap_file);
	logcap_file = NULL;
}

/* Whether the log holds exactly this line. */
static inline bool
logcap_has_line(const char *text, const char *line)
{
	size_t n = strlen(line);
	const char *p = text;

	while ((p = strstr(p, line)) != NULL) {
		if ((p == text || p[-1] == '\n') &&
		    (p[n] == '\n' || p[n] == '\0'))
			return true;
		p++;
	}
	return false;
}

#define assert_log_line(line) do { \
	const char *t_ = logcap_text(); \
	if (!logcap_has_line(t_, (line))) \
		fail_msg("missing log line:\n  %s\nlog was:\n%s", (line), t_); \
} while (0)

#define assert_log_lacks(part) do { \
	const char *t_ = logcap_text(); \
	if (strstr(t_, (part)) != NULL) \
		fail_msg("unexpected in log: %s\nlog was:\n%s", (part), t_); \
} while (0)

#endif
