/* The shell (kernel/shell.h): the command line, ls, cat, echo, and hotmem's
 * own commands. The last change (snapshots, diff, why) is in
 * kernel/shell_change.c. Texts and errors: docs/shell.md. */
#include "kernel/shell.h"

#include "kernel/kalloc.h"
#include "kernel/ktest.h"
#include "kernel/pseudofs.h"
#include "kernel/shell_internal.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/kstrtox.h"
#include "lib/printf.h"
#include "lib/sort.h"
#include "lib/string.h"
#include "mm/memory_hotplug.h"

/* ---- output ---- */

void shell_puts(struct shell *sh, const char *s)
{
	sh->write(sh->ctx, s);
}

void shell_printf(struct shell *sh, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	shell_puts(sh, buf);
}

const char *shell_strerror(int err)
{
	static char unknown[32];

	switch (err < 0 ? -err : err) {
	case EPERM:
		return "Operation not permitted";
	case ENOENT:
		return "No such file or directory";
	case EIO:
		return "Input/output error";
	case E2BIG:
		return "Argument list too long";
	case ENOMEM:
		return "Cannot allocate memory";
	case EACCES:
		return "Permission denied";
	case EFAULT:
		return "Bad address";
	case EBUSY:
		return "Device or resource busy";
	case EEXIST:
		return "File exists";
	case ENODEV:
		return "No such device";
	case ENOTDIR:
		return "Not a directory";
	case EISDIR:
		return "Is a directory";
	case EINVAL:
		return "Invalid argument";
	case ENOSPC:
		return "No space left on device";
	case ERANGE:
		return "Numerical result out of range";
	case ENOSYS:
		return "Function not implemented";
	case ENODATA:
		return "No data available";
	case EBADMSG:
		return "Bad message";
	case EOVERFLOW:
		return "Value too large for defined data type";
	case EOPNOTSUPP:
		return "Operation not supported";
	case EADDRNOTAVAIL:
		return "Cannot assign requested address";
	case ETIMEDOUT:
		return "Connection timed out";
	}
	snprintf(unknown, sizeof(unknown), "Unknown error %d", err < 0 ? -err : err);
	return unknown;
}

/* A file name in an error message, quoted as coreutils quotes it (shell
 * escaping): always, or only when it holds anything but plain characters.
 * A name with a single quote is put in double quotes. */
static const char *quote_name(const char *name, bool always, char *buf, size_t size)
{
	bool plain = *name != '\0';

	for (const char *p = name; *p && plain; p++)
		plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			(*p >= '0' && *p <= '9') || strchr("/._-+:,@%=^", *p);
	if (plain && !always)
		return name;
	snprintf(buf, size, strchr(name, '\'') ? "\"%s\"" : "'%s'", name);
	return buf;
}

/* ---- paths ---- */

/* Longest path the shell resolves. */
#define SHELL_PATH_MAX 256

static int stop_at_first(void *arg, const char *name, bool is_dir)
{
	return 1;
}

/* 0: a directory, -ENOTDIR: a file, -ENOENT: nothing ("" is the root). */
static int path_kind(struct shell *sh, const char *path)
{
	int ret = pfs_list(sh->ns, *path ? path : "/", stop_at_first, NULL);

	return ret > 0 ? 0 : ret;
}

/* The pseudofs path of arg into path: absolute, or relative to the working
 * directory, which is always "/". '.', '..' and repeated '/' are walked as
 * Linux walks a path: each component must be looked up in a directory
 * (else -ENOENT or -ENOTDIR). A trailing '/' asks for a directory: *dir_only.
 * 0, -ENOENT (also for ""), -ENOTDIR, -ENAMETOOLONG as -ENOENT. */
static int resolve(struct shell *sh, const char *arg, char *path, bool *dir_only)
{
	size_t len = 0;
	const char *p = arg;

	*dir_only = false;
	path[0] = '\0';
	if (!*arg)
		return -ENOENT;
	while (*p) {
		const char *comp;
		size_t n;
		int kind;

		while (*p == '/')
			p++;
		if (!*p) {
			*dir_only = true;
			break;
		}
		comp = p;
		while (*p && *p != '/')
			p++;
		n = (size_t)(p - comp);
		/* The component is looked up in what we have: a directory? */
		kind = path_kind(sh, path);
		if (kind)
			return kind;
		if (n == 1 && comp[0] == '.')
			continue;
		if (n == 2 && comp[0] == '.' && comp[1] == '.') {
			while (len && path[len - 1] != '/')
				len--;
			if (len)
				len--;
			path[len] = '\0';
			continue;
		}
		if (len + 1 + n >= SHELL_PATH_MAX)
			return -ENOENT;
		path[len++] = '/';
		memcpy(path + len, comp, n);
		len += n;
		path[len] = '\0';
	}
	if (!len)
		strlcpy(path, "/", SHELL_PATH_MAX);
	return 0;
}

/* resolve(), and whether it names a directory (*is_dir) or a file. 0, or
 * -ENOENT, or -ENOTDIR (also for a file named with a trailing '/'). */
static int lookup_arg(struct shell *sh, const char *arg, char *path, bool *is_dir)
{
	bool dir_only;
	int ret = resolve(sh, arg, path, &dir_only);

	if (ret)
		return ret;
	ret = path_kind(sh, path);
	if (ret == -ENOENT)
		return ret;
	*is_dir = !ret;
	return !*is_dir && dir_only ? -ENOTDIR : 0;
}

/* ---- the command line ---- */

#define SHELL_MAX_WORDS 32

struct cmdline {
	char buf[2 * (SHELL_LINE_MAX + 1)];
	char *word[SHELL_MAX_WORDS + 1];
	int nr;
	char *redirect; /* echo's target, or NULL */
	int redirect_fd;
};

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Splits line into words, bash-like: blanks separate words; '...' keeps
 * everything; "..." keeps everything but \" \\ \$ \` (backslash escapes);
 * a backslash outside quotes escapes the next character; '#' at the start
 * of a word begins a comment; [N]> and [N]>> redirect (N: digits written
 * right before, an fd). 0, or SHELL_USAGE after printing the syntax error. */
static int parse(struct shell *sh, const char *line, struct cmdline *cl)
{
	char *out = cl->buf;
	const char *p = line;
	bool want_target = false;

	cl->nr = 0;
	cl->redirect = NULL;
	cl->redirect_fd = 1;
	for (;;) {
		char *start;
		bool quoted = false;

		while (is_blank(*p))
			p++;
		if (!*p || *p == '#')
			break;
		if (strchr("|&;<()", *p)) {
			shell_printf(
			    sh, "syntax error: '%c' is not supported (one command a line)\n", *p);
			return SHELL_USAGE;
		}
		if (*p == '>') {
			if (want_target) {
				shell_printf(sh, "syntax error near unexpected token `%s'\n",
					     p[1] == '>' ? ">>" : ">");
				return SHELL_USAGE;
			}
			p += p[1] == '>' ? 2 : 1;
			want_target = true;
			continue;
		}
		start = out;
		while (*p && !is_blank(*p) && !strchr("|&;<()>", *p)) {
			if (*p == '\'') {
				const char *end = strchr(p + 1, '\'');

				if (!end) {
					shell_puts(
					    sh, "unexpected EOF while looking for matching `''\n");
					return SHELL_USAGE;
				}
				memcpy(out, p + 1, (size_t)(end - p - 1));
				out += end - p - 1;
				p = end + 1;
				quoted = true;
			} else if (*p == '"') {
				for (p++; *p && *p != '"'; p++) {
					if (*p == '\\' && p[1] && strchr("\"\\$`", p[1]))
						p++;
					*out++ = *p;
				}
				if (!*p) {
					shell_puts(
					    sh, "unexpected EOF while looking for matching `\"'\n");
					return SHELL_USAGE;
				}
				p++;
				quoted = true;
			} else if (*p == '\\') {
				if (p[1])
					*out++ = p[1];
				p += p[1] ? 2 : 1;
				quoted = true;
			} else {
				*out++ = *p++;
			}
		}
		*out++ = '\0';
		/* "2>": digits right before '>' name the fd to redirect. */
		if (*p == '>' && !quoted && !want_target && out - start > 1) {
			char *d = start;

			while (*d >= '0' && *d <= '9')
				d++;
			if (!*d) {
				unsigned long long fd = 0;

				kstrtoull(start, 10, &fd);
				cl->redirect_fd = fd > 1000 ? 1000 : (int)fd;
				continue;
			}
		}
		if (want_target) {
			if (cl->redirect) {
				shell_puts(sh, "syntax error: only one redirection a line\n");
				return SHELL_USAGE;
			}
			cl->redirect = start;
			want_target = false;
			continue;
		}
		if (cl->nr == SHELL_MAX_WORDS) {
			shell_printf(sh, "syntax error: more than %d words\n", SHELL_MAX_WORDS);
			return SHELL_USAGE;
		}
		cl->word[cl->nr++] = start;
	}
	if (want_target) {
		shell_puts(sh, "syntax error near unexpected token `newline'\n");
		return SHELL_USAGE;
	}
	cl->word[cl->nr] = NULL;
	return 0;
}

/* ---- ls ---- */

/* Version order (ls -v): runs of digits compare as numbers. */
static int version_cmp(const char *a, const char *b)
{
	while (*a && *b) {
		if (*a >= '0' && *a <= '9' && *b >= '0' && *b <= '9') {
			size_t la = 0, lb = 0;
			int c;

			while (*a == '0' && a[1] >= '0' && a[1] <= '9')
				a++;
			while (*b == '0' && b[1] >= '0' && b[1] <= '9')
				b++;
			while (a[la] >= '0' && a[la] <= '9')
				la++;
			while (b[lb] >= '0' && b[lb] <= '9')
				lb++;
			if (la != lb)
				return la < lb ? -1 : 1;
			c = strncmp(a, b, la);
			if (c)
				return c;
			a += la;
			b += lb;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

static int version_cmp_ptr(const void *a, const void *b)
{
	return version_cmp(*(const char *const *)a, *(const char *const *)b);
}

/* A directory's names, each with a '/' when it is a directory. */
struct names {
	char **name;
	size_t nr, max;
	bool oom;
};

static int add_name(void *arg, const char *name, bool is_dir)
{
	struct names *n = arg;
	size_t len = strlen(name);
	char *copy;

	if (n->nr == n->max) {
		size_t max = n->max ? 2 * n->max : 64;
		char **grown = kzalloc(max * sizeof(*grown));

		if (!grown) {
			n->oom = true;
			return -ENOMEM;
		}
		if (n->nr)
			memcpy(grown, n->name, n->nr * sizeof(*grown));
		kfree(n->name);
		n->name = grown;
		n->max = max;
	}
	copy = kzalloc(len + 2);
	if (!copy) {
		n->oom = true;
		return -ENOMEM;
	}
	memcpy(copy, name, len);
	copy[len] = is_dir ? '/' : '\0';
	n->name[n->nr++] = copy;
	return 0;
}

static void free_names(struct names *n)
{
	for (size_t i = 0; i < n->nr; i++)
		kfree(n->name[i]);
	kfree(n->name);
	*n = (struct names){0};
}

static void print_names(struct shell *sh, struct names *n)
{
	sort(n->name, n->nr, sizeof(*n->name), version_cmp_ptr, NULL);
	for (size_t i = 0; i < n->nr; i++)
		shell_printf(sh, "%s\n", n->name[i]);
}

/* What `LC_ALL=C ls -1pv ARG...` prints (docs/shell.md): operands that are
 * files first, as given, then each directory's entries (with a "DIR:"
 * header when there was more than one operand), a blank line between. */
static int cmd_ls(struct shell *sh, struct cmdline *cl, const char *what)
{
	static const char *const here[] = {".", NULL};
	const char *const *args = (const char *const *)cl->word + 1;
	struct names files = {0}, dirs = {0};
	char path[SHELL_PATH_MAX];
	char q[SHELL_PATH_MAX + 4];
	int status = SHELL_OK, nargs = 0;
	bool printed = false;

	while (*args && args[0][0] == '-' && args[0][1]) {
		const char *o = *args++;

		if (!strcmp(o, "--"))
			break;
		for (o++; *o; o++) {
			if (!strchr("1pv", *o)) {
				shell_printf(sh,
					     "ls: invalid option -- '%c'\n"
					     "Try 'ls --help' for more information.\n",
					     *o);
				return SHELL_USAGE;
			}
		}
	}
	if (!*args)
		args = here;
	for (const char *const *a = args; *a; a++) {
		bool is_dir;
		int ret = lookup_arg(sh, *a, path, &is_dir);

		nargs++;
		if (ret) {
			shell_printf(sh, "ls: cannot access %s: %s\n",
				     quote_name(*a, true, q, sizeof(q)), shell_strerror(ret));
			status = SHELL_USAGE;
			continue;
		}
		add_name(is_dir ? &dirs : &files, *a, false);
	}
	if (files.nr) {
		print_names(sh, &files);
		printed = true;
	}
	sort(dirs.name, dirs.nr, sizeof(*dirs.name), version_cmp_ptr, NULL);
	for (size_t i = 0; i < dirs.nr; i++) {
		struct names entries = {0};
		bool is_dir;
		int ret = lookup_arg(sh, dirs.name[i], path, &is_dir);

		if (printed)
			shell_puts(sh, "\n");
		if (nargs > 1)
			shell_printf(sh, "%s:\n", dirs.name[i]);
		printed = true;
		if (!ret)
			ret = pfs_list(sh->ns, path, add_name, &entries);
		if (ret) {
			shell_printf(sh, "ls: reading directory %s: %s\n",
				     quote_name(dirs.name[i], true, q, sizeof(q)),
				     shell_strerror(ret));
			status = SHELL_USAGE;
		}
		print_names(sh, &entries);
		free_names(&entries);
	}
	if (files.oom || dirs.oom) {
		shell_printf(sh, "ls: %s\n", shell_strerror(-ENOMEM));
		status = SHELL_USAGE;
	}
	free_names(&files);
	free_names(&dirs);
	return status;
}

/* ---- cat ---- */

static int cmd_cat(struct shell *sh, struct cmdline *cl, const char *what)
{
	int argc = cl->nr;
	char **argv = cl->word;
	char path[SHELL_PATH_MAX];
	char q[SHELL_PATH_MAX + 4];
	int status = SHELL_OK;

	if (argc < 2) {
		shell_puts(sh, "cat: missing operand (there is no standard input here)\n");
		return SHELL_FAILED;
	}
	for (int i = 1; i < argc; i++) {
		char *text = NULL;
		bool is_dir;
		int ret = lookup_arg(sh, argv[i], path, &is_dir);

		if (!ret)
			ret = is_dir ? -EISDIR : pfs_read_alloc(sh->ns, path, &text);
		if (ret) {
			shell_printf(sh, "cat: %s: %s\n", quote_name(argv[i], false, q, sizeof(q)),
				     shell_strerror(ret));
			status = SHELL_FAILED;
			continue;
		}
		shell_puts(sh, text);
		kfree(text);
	}
	return status;
}

/* ---- echo ---- */

/* Opening the target for writing (bash: O_WRONLY|O_CREAT|O_TRUNC) and one
 * write(2) of the text. Errors of the open are bash's "<target>: <error>",
 * errors of the write "echo: write error: <error>". */
static int echo_to_file(struct shell *sh, const char *target, const char *text, size_t len)
{
	char path[SHELL_PATH_MAX];
	bool dir_only;
	long ret = resolve(sh, target, path, &dir_only);

	if (!ret && dir_only)
		ret = -EISDIR; /* O_CREAT of a name ending in '/' */
	if (!ret) {
		ret = pfs_write(sh->ns, path, text, len);
		/* resolve() found the directory, so only the file is missing:
		 * sysfs and procfs directories cannot create files. */
		if (ret == -ENOENT)
			ret = -EACCES;
	}
	if (ret >= 0)
		return SHELL_OK;
	if (ret == -ENOENT || ret == -ENOTDIR || ret == -EISDIR || ret == -EACCES)
		shell_printf(sh, "%s: %s\n", target, shell_strerror((int)ret));
	else
		shell_printf(sh, "echo: write error: %s\n", shell_strerror((int)ret));
	return SHELL_FAILED;
}

static int cmd_echo(struct shell *sh, struct cmdline *cl, const char *what)
{
	int argc = cl->nr;
	char **argv = cl->word;
	struct sbuf b = {0};
	bool newline = true;
	char *text;
	int i = 1, status;

	for (; i < argc && !strcmp(argv[i], "-n"); i++)
		newline = false;
	for (int first = i; i < argc; i++) {
		if (i > first)
			sbuf_puts(&b, " ");
		sbuf_puts(&b, argv[i]);
	}
	if (newline)
		sbuf_puts(&b, "\n");
	text = sbuf_take(&b);
	if (!text) {
		shell_printf(sh, "echo: %s\n", shell_strerror(-ENOMEM));
		return SHELL_FAILED;
	}
	if (!cl->redirect) {
		shell_puts(sh, text);
		kfree(text);
		return SHELL_OK;
	}
	if (cl->redirect_fd != 1) {
		kfree(text);
		shell_printf(sh, "%d: only echo's standard output can be redirected\n",
			     cl->redirect_fd);
		return SHELL_FAILED;
	}
	shell_note_change_begin(sh, what);
	status = echo_to_file(sh, cl->redirect, text, strlen(text));
	kfree(text);
	if (status == SHELL_OK)
		shell_note_change_end(sh);
	else
		shell_change_abort(sh);
	return status;
}

/* ---- hotmem's commands ---- */

static bool missing_op(struct shell *sh, const char *cmd, const void *op)
{
	if (op)
		return false;
	shell_printf(sh, "%s: not available on this machine\n", cmd);
	return true;
}

/* add [ADDR] / remove [ADDR]: through the hotmem_test device. */
static int cmd_add_remove(struct shell *sh, struct cmdline *cl, const char *what)
{
	int argc = cl->nr;
	char **argv = cl->word;
	bool add = !strcmp(argv[0], "add");
	int (*op)(void *ctx, bool has_addr, u64 addr, u64 *start, u64 *size);
	unsigned long long addr = 0;
	u64 start = 0, size = 0;
	int ret;

	op = sh->ops ? (add ? sh->ops->dm_add : sh->ops->dm_remove) : NULL;
	if (argc > 2 || (argc == 2 && kstrtoull(argv[1], 0, &addr))) {
		shell_printf(sh, "usage: %s [ADDR]\n", argv[0]);
		return SHELL_USAGE;
	}
	if (missing_op(sh, argv[0], op))
		return SHELL_FAILED;
	shell_note_change_begin(sh, what);
	ret = op(sh->ctx, argc == 2, addr, &start, &size);
	if (ret) {
		shell_change_abort(sh);
		shell_printf(sh, "%s: %s\n", argv[0], shell_strerror(ret));
		return SHELL_FAILED;
	}
	/* The change is named by the command and the block it took. */
	snprintf(sh->pending.what, sizeof(sh->pending.what), "%s [mem %#018llx-%#018llx]", what,
		 start, start + size - 1);
	shell_note_change_end(sh);
	shell_print_change(sh);
	return SHELL_OK;
}

static int cmd_semantics(struct shell *sh, struct cmdline *cl, const char *what)
{
	int argc = cl->nr;
	char **argv = cl->word;
	struct mhp_state *mhp = sh->ns->mhp;

	if (argc > 2 || (argc == 2 && strcmp(argv[1], "v1") && strcmp(argv[1], "upstream"))) {
		shell_puts(sh, "usage: semantics [v1|upstream]\n");
		return SHELL_USAGE;
	}
	if (!mhp) {
		shell_puts(sh, "semantics: no memory hotplug here\n");
		return SHELL_FAILED;
	}
	if (argc == 1) {
		shell_printf(sh, "%s\n",
			     mhp_get_semantics_in(mhp) == MHP_SEMANTICS_V1 ? "v1" : "upstream");
		return SHELL_OK;
	}
	mhp_set_semantics_in(mhp,
			     strcmp(argv[1], "v1") ? MHP_SEMANTICS_UPSTREAM : MHP_SEMANTICS_V1);
	return SHELL_OK;
}

static int cmd_selftest(struct shell *sh, struct cmdline *cl, const char *what)
{
	int argc = cl->nr;
	char **argv = cl->word;
	int ret;

	if (argc != 2) {
		shell_puts(sh, "usage: selftest GLOB\n");
		return SHELL_USAGE;
	}
	if (missing_op(sh, "selftest", sh->ops ? sh->ops->selftest : NULL))
		return SHELL_FAILED;
	ret = sh->ops->selftest(sh->ctx, argv[1]);
	if (ret < 0) {
		shell_printf(sh, "selftest: %s\n", shell_strerror(ret));
		return SHELL_FAILED;
	}
	shell_printf(sh, "selftest %s: %s\n", argv[1],
		     ret == KTEST_VERDICT_PASS	 ? "PASS"
		     : ret == KTEST_VERDICT_FAIL ? "FAIL"
						 : "SKIP");
	return ret == KTEST_VERDICT_FAIL ? SHELL_FAILED : SHELL_OK;
}

static int cmd_diff(struct shell *sh, struct cmdline *cl, const char *what)
{
	if (!sh->have_last) {
		shell_puts(sh, "diff: nothing has changed yet\n");
		return SHELL_FAILED;
	}
	shell_printf(sh, "last change: %s\n", sh->last.what);
	if (sh->last.diff)
		shell_puts(sh, sh->last.diff);
	return SHELL_OK;
}

static int cmd_why(struct shell *sh, struct cmdline *cl, const char *what)
{
	if (!sh->have_last) {
		shell_puts(sh, "why: nothing has changed yet\n");
		return SHELL_FAILED;
	}
	shell_printf(sh, "last change: %s\n", sh->last.what);
	if (sh->last.why)
		shell_puts(sh, sh->last.why);
	return SHELL_OK;
}

static int cmd_exit_halt(struct shell *sh, struct cmdline *cl, const char *what)
{
	bool is_exit = !strcmp(cl->word[0], "exit");
	void (*op)(void *ctx) = sh->ops ? (is_exit ? sh->ops->exit : sh->ops->halt) : NULL;

	if (missing_op(sh, cl->word[0], op))
		return SHELL_FAILED;
	op(sh->ctx);
	return SHELL_OK;
}

static int cmd_help(struct shell *sh, struct cmdline *cl, const char *what);

/* Every command, in help's order; hotmem's own after Linux's. what: the
 * command line, which names the change a command makes. */
static const struct shell_cmd {
	const char *name;
	const char *usage;
	const char *help;
	int (*run)(struct shell *sh, struct cmdline *cl, const char *what);
	bool hotmem;
} shell_cmds[] = {
    {"ls", "ls [PATH...]", "list directories, one name a line", cmd_ls, false},
    {"cat", "cat PATH...", "print files", cmd_cat, false},
    {"echo", "echo [-n] VALUE [> PATH]", "print VALUE, or write it to a file", cmd_echo, false},
    {"add", "add [ADDR]", "hot-add a hotmem_test block (driver managed)", cmd_add_remove, true},
    {"remove", "remove [ADDR]", "offline and remove a block that add added", cmd_add_remove, true},
    {"semantics", "semantics [v1|upstream]", "show or switch mhp.semantics", cmd_semantics, true},
    {"selftest", "selftest GLOB", "run the self-tests matching GLOB", cmd_selftest, true},
    {"diff", "diff", "the last change to /proc/iomem and the memmap", cmd_diff, true},
    {"why", "why", "explain the last change", cmd_why, true},
    {"help", "help", "this list", cmd_help, true},
    {"exit", "exit", "end the run with the self-tests' verdict", cmd_exit_halt, true},
    {"halt", "halt", "stop the machine", cmd_exit_halt, true},
};

static int cmd_help(struct shell *sh, struct cmdline *cl, const char *what)
{
	bool hotmem = false;

	shell_puts(sh, "Linux commands, on Linux's files and texts:\n");
	for (size_t i = 0; i < ARRAY_SIZE(shell_cmds); i++) {
		if (shell_cmds[i].hotmem && !hotmem) {
			shell_puts(sh, "hotmem commands:\n");
			hotmem = true;
		}
		shell_printf(sh, "  %-24s %s\n", shell_cmds[i].usage, shell_cmds[i].help);
	}
	shell_puts(sh, "More: docs/shell.md\n");
	return SHELL_OK;
}

/* ---- shell ---- */

void shell_init(struct shell *sh, const struct pfs_ns *ns,
		void (*write)(void *ctx, const char *text), const struct shell_ops *ops, void *ctx)
{
	*sh = (struct shell){.ns = ns, .write = write, .ops = ops, .ctx = ctx};
}

void shell_release(struct shell *sh)
{
	shell_change_clear(&sh->pending);
	shell_change_clear(&sh->last);
	sh->have_last = false;
	sh->in_change = false;
}

void shell_prompt(struct shell *sh)
{
	shell_puts(sh, SHELL_PROMPT);
}

/* The line without blanks around it, for a change's name. */
static void trimmed(const char *line, char *out, size_t size)
{
	size_t len;

	while (is_blank(*line))
		line++;
	strlcpy(out, line, size);
	len = strlen(out);
	while (len && is_blank(out[len - 1]))
		out[--len] = '\0';
}

int shell_exec(struct shell *sh, const char *line)
{
	/* Static: one line runs at a time (ops never run a shell line). */
	static struct cmdline cl;
	char what[sizeof(sh->last.what)];
	const char *name;
	int ret;

	if (strlen(line) > SHELL_LINE_MAX) {
		shell_printf(sh, "line too long (more than %d characters)\n", SHELL_LINE_MAX);
		return SHELL_USAGE;
	}
	ret = parse(sh, line, &cl);
	if (ret)
		return ret;
	if (!cl.nr) {
		if (!cl.redirect)
			return SHELL_OK;
		/* "> FILE" alone: bash truncates the file; sysfs ignores it. */
		shell_puts(sh, "syntax error: a redirection needs echo\n");
		return SHELL_USAGE;
	}
	name = cl.word[0];
	trimmed(line, what, sizeof(what));
	if (cl.redirect && strcmp(name, "echo")) {
		shell_printf(sh, "%s: only echo can write to a file here\n", name);
		return SHELL_USAGE;
	}
	for (size_t i = 0; i < ARRAY_SIZE(shell_cmds); i++)
		if (!strcmp(name, shell_cmds[i].name))
			return shell_cmds[i].run(sh, &cl, what);
	shell_printf(sh, "%s: command not found\n", name);
	return SHELL_NOT_FOUND;
}
