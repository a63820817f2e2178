/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/*
 * Kernel modules: the running kernel's module directory (modules.alias,
 * modules.builtin, modules.dep) and /sys/module. vfio-platform needs a
 * reset handler module for a device's first compatible (before Linux 6.3)
 * and loads it by the alias "vfio-reset:<compatible>".
 */

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>

#include "platsysfs.h"

/* The module directory: ps->modules, or the running kernel's. */
static const char *
modules_dir(const struct platsysfs *ps, char *buf, size_t len)
{
	struct utsname u;

	if (ps->modules != NULL)
		return ps->modules;
	if (uname(&u) != 0)
		return NULL;
	snprintf(buf, len, "/lib/modules/%s", u.release);
	return buf;
}

/* Opens one file of the module directory. */
static FILE *
modules_open(const struct platsysfs *ps, const char *file)
{
	char dir[PATH_MAX], path[PATH_MAX + 32];
	const char *mdir = modules_dir(ps, dir, sizeof(dir));

	if (mdir == NULL)
		return NULL;
	snprintf(path, sizeof(path), "%s/%s", mdir, file);
	return fopen(path, "re");
}

void
platsysfs_module_name(const char *module, char *buf, size_t len)
{
	size_t i;

	snprintf(buf, len, "%s", module);
	for (i = 0; buf[i] != '\0'; i++)
		if (buf[i] == '-')
			buf[i] = '_';
}

/* Whether the first n characters of a and b name one module. */
static bool
same_module_n(const char *a, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (a[i] != b[i] && !((a[i] == '-' || a[i] == '_') &&
				      (b[i] == '-' || b[i] == '_')))
			return false;
	return true;
}

bool
platsysfs_same_module(const char *a, const char *b)
{
	size_t n = strlen(a);

	return strlen(b) == n && same_module_n(a, b, n);
}

bool
platsysfs_module_loaded(const struct platsysfs *ps, const char *module)
{
	char name[PLATSYSFS_NAME_MAX], path[PATH_MAX];
	struct stat st;

	platsysfs_module_name(module, name, sizeof(name));
	return platsysfs_path(ps, path, sizeof(path), "module/%s", name) == 0 &&
		stat(path, &st) == 0;
}

/* Whether a module file's path (".../vfio-platform-gem.ko") is module. */
static bool
path_is_module(const char *path, const char *module)
{
	const char *base = strrchr(path, '/');
	const char *ko;

	base = base != NULL ? base + 1 : path;
	ko = strstr(base, ".ko");
	return ko != NULL && strlen(module) == (size_t)(ko - base) &&
		same_module_n(base, module, ko - base);
}

bool
platsysfs_module_builtin(const struct platsysfs *ps, const char *module)
{
	FILE *f = modules_open(ps, "modules.builtin");
	bool found = false;
	char line[512];

	if (f == NULL)
		return false;
	/* One module file a line: kernel/drivers/.../vfio-platform-gem.ko */
	while (!found && fgets(line, sizeof(line), f) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		found = path_is_module(line, module);
	}
	fclose(f);
	return found;
}

bool
platsysfs_module_installed(const struct platsysfs *ps, const char *module)
{
	char dir[PATH_MAX], path[PATH_MAX + 1024], line[1024];
	const char *mdir = modules_dir(ps, dir, sizeof(dir));
	FILE *f = modules_open(ps, "modules.dep");
	bool found = false;
	struct stat st;

	if (f == NULL)
		return false;
	/* "<module file>: <what it needs>", the file relative to mdir. */
	while (fgets(line, sizeof(line), f) != NULL) {
		char *colon = strchr(line, ':');

		if (colon == NULL)
			continue;
		*colon = '\0';
		if (!path_is_module(line, module))
			continue;
		if (line[0] == '/')
			snprintf(path, sizeof(path), "%s", line);
		else
			snprintf(path, sizeof(path), "%s/%s", mdir, line);
		found = stat(path, &st) == 0;
		break;
	}
	fclose(f);
	return found;
}

int
platsysfs_reset_module(const struct platsysfs *ps, const char *compat,
		       char *module, size_t len)
{
	FILE *f = modules_open(ps, "modules.alias");
	char line[512], want[300];
	int found = 0;

	if (f == NULL)
		return -ENOENT;
	snprintf(want, sizeof(want), "vfio-reset:%s", compat);
	while (!found && fgets(line, sizeof(line), f) != NULL) {
		char kw[16], alias[300], mod[PLATSYSFS_NAME_MAX];

		/* "alias <alias> <module>" */
		if (sscanf(line, "%15s %299s %127s", kw, alias, mod) != 3 ||
		    strcmp(kw, "alias") != 0 || strcmp(alias, want) != 0)
			continue;
		snprintf(module, len, "%s", mod);
		found = 1;
	}
	fclose(f);
	return found;
}

bool
platsysfs_reset_required(const struct platsysfs *ps)
{
	char path[PATH_MAX], val[8];

	if (platsysfs_path(ps, path, sizeof(path),
			   "module/vfio_platform/parameters/reset_required") < 0 ||
	    platsysfs_read_attr(path, val, sizeof(val)) < 0)
		return true;
	return !(val[0] == 'N' || val[0] == 'n' || val[0] == '0');
}

bool
platsysfs_reset_optional(const struct platsysfs *ps)
{
	char path[PATH_MAX], rel[64];
	unsigned int major, minor;

	if (platsysfs_proc_path(ps, path, sizeof(path), "sys/kernel/osrelease") < 0 ||
	    platsysfs_read_attr(path, rel, sizeof(rel)) < 0 ||
	    sscanf(rel, "%u.%u", &major, &minor) != 2)
		return false;
	return major > 6 || (major == 6 && minor >= 3);
}

const char *
platsysfs_reset_why(const struct platsysfs *ps)
{
	return platsysfs_reset_optional(ps) ? PLATSYSFS_RESET_WHY_OPTIONAL :
					      PLATSYSFS_RESET_WHY;
}
