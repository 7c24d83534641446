/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * compat.h - the POSIX the code uses that Windows (mingw-w64) lacks
 *
 * Included before everything else in every file (the build passes it with
 * -include after config.h), so that the sources keep their POSIX calls and
 * #ifdef _WIN32 stays rare.  Empty elsewhere.  The shims that need code live
 * in lib/compat.c, built into libvnet and into each program (hidden in the
 * DLL: not part of the API).
 */
#ifndef VNET_COMPAT_H
#define VNET_COMPAT_H

#ifdef _WIN32
/* gmtime_r(), localtime_r(): mingw-w64's time.h has them when asked */
#ifndef _POSIX_THREAD_SAFE_FUNCTIONS
#define _POSIX_THREAD_SAFE_FUNCTIONS 200112L
#endif
#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

/* Handles are inherited only when asked: the CRT's "no inherit" is close-on-exec. */
#ifndef O_CLOEXEC
#define O_CLOEXEC	_O_NOINHERIT
#endif
/* Used so that opening a FIFO does not block; Windows files have no such mode. */
#ifndef O_NONBLOCK
#define O_NONBLOCK	0
#endif
/* No symbolic links are followed where the code asks for it (no mklink in a bundle). */
#ifndef O_NOFOLLOW
#define O_NOFOLLOW	0
#endif
/* QMP's "remote" failure: Windows has no such errno; any unused value does. */
#ifndef EREMOTEIO
#define EREMOTEIO	199
#endif

/*
 * winpthreads' clock_nanosleep() sleeps on CLOCK_REALTIME only and answers
 * -1 with errno, not the error: a monotonic deadline is slept as the time
 * that remains, and the answer is POSIX's (0 or the error number).
 */
static inline int vnet_compat_clock_nanosleep(clockid_t clk, int flags, const struct timespec *t,
					      struct timespec *rem)
{
	struct timespec now, left;

	if (clk != CLOCK_MONOTONIC || !(flags & TIMER_ABSTIME))
		return clock_nanosleep(clk, flags, t, rem) ? errno : 0;
	if (clock_gettime(CLOCK_MONOTONIC, &now))
		return errno;
	left.tv_sec = t->tv_sec - now.tv_sec;
	left.tv_nsec = t->tv_nsec - now.tv_nsec;
	if (left.tv_nsec < 0) {
		left.tv_sec--;
		left.tv_nsec += 1000000000L;
	}
	if (left.tv_sec < 0)
		return 0;
	return nanosleep(&left, NULL) ? errno : 0;
}
#define clock_nanosleep vnet_compat_clock_nanosleep

/* The last @c in @s[0..n), as glibc's. */
static inline void *vnet_compat_memrchr(const void *s, int c, size_t n)
{
	const unsigned char *p = (const unsigned char *)s + n;

	while (n--)
		if (*--p == (unsigned char)c)
			return (void *)p;
	return NULL;
}
#define memrchr vnet_compat_memrchr

static inline char *vnet_compat_strndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *d = malloc(len + 1);

	if (d) {
		memcpy(d, s, len);
		d[len] = '\0';
	}
	return d;
}
#define strndup vnet_compat_strndup

/* glibc's qsort_r() over the CRT's qsort_s(), whose comparison takes the context first */
struct vnet_compat_qsort {
	int (*cmp)(const void *, const void *, void *);
	void *arg;
};
static inline int vnet_compat_qsort_cmp(void *ctx, const void *a, const void *b)
{
	const struct vnet_compat_qsort *q = ctx;

	return q->cmp(a, b, q->arg);
}
static inline void vnet_compat_qsort_r(void *base, size_t n, size_t size,
				       int (*cmp)(const void *, const void *, void *), void *arg)
{
	struct vnet_compat_qsort q = { cmp, arg };

	qsort_s(base, n, size, vnet_compat_qsort_cmp, &q);
}
#define qsort_r vnet_compat_qsort_r

/* fopen()'s "e" (close-on-exec) is the Microsoft CRT's "N" (no inherit). */
static inline FILE *vnet_compat_fopen(const char *path, const char *mode)
{
	char m[16];
	size_t i;

	for (i = 0; mode[i] && i < sizeof(m) - 1; i++)
		m[i] = mode[i] == 'e' ? 'N' : mode[i];
	m[i] = '\0';
	return fopen(path, m);
}
#define fopen vnet_compat_fopen

/*
 * sigaction() over signal(): SIGINT/SIGTERM handlers that set a flag are all
 * the code installs.  The CRT resets a handler to SIG_DFL when it runs: a
 * second ^C kills, as the Linux build's callers expect anyway.
 */
#define SA_SIGINFO	0
#define SA_RESTART	0
struct sigaction {
	void (*sa_handler)(int);
	int sa_flags;
};
static inline int vnet_compat_sigaction(int sig, const struct sigaction *sa, struct sigaction *old)
{
	void (*prev)(int) = signal(sig, sa ? sa->sa_handler : SIG_GET);

	/* written even on failure: the caller puts *old back later */
	if (old)
		*old = (struct sigaction){ .sa_handler = prev == SIG_ERR ? SIG_DFL : prev };
	if (prev == SIG_ERR)
		return -1;
	if (!sa)
		signal(sig, prev);
	return 0;
}
#define sigaction(sig, sa, old) vnet_compat_sigaction(sig, sa, old)

/*
 * Blocking SIGINT/SIGTERM to wait for them with sigtimedwait() (vnettop's
 * batch frames): "blocked" installs a handler that marks the signal pending,
 * and the wait polls the marks (20 ms steps).  The Linux build's guarantee,
 * that a frame is never cut short, holds: nothing but the mark runs.
 */
typedef unsigned long vnet_compat_sigset_t;
#define sigset_t vnet_compat_sigset_t
#define SIG_BLOCK	0
#define SIG_UNBLOCK	1
#define SIG_SETMASK	2
static inline int vnet_compat_sigemptyset(sigset_t *s)
{
	*s = 0;
	return 0;
}
#define sigemptyset vnet_compat_sigemptyset
static inline int vnet_compat_sigaddset(sigset_t *s, int sig)
{
	*s |= 1ul << sig;
	return 0;
}
#define sigaddset vnet_compat_sigaddset
int vnet_compat_sigprocmask(int how, const sigset_t *set, sigset_t *old);
#define sigprocmask vnet_compat_sigprocmask
int vnet_compat_sigtimedwait(const sigset_t *set, void *info, const struct timespec *timeout);
#define sigtimedwait vnet_compat_sigtimedwait

ssize_t vnet_compat_getline(char **line, size_t *cap, FILE *f);
#define getline vnet_compat_getline
ssize_t vnet_compat_pread(int fd, void *buf, size_t len, off_t off);
#define pread vnet_compat_pread
int vnet_compat_mkostemp(char *tmpl, int flags);
#define mkostemp vnet_compat_mkostemp
int vnet_compat_fsync(int fd);
#define fsync vnet_compat_fsync
/*
 * Winsock's gethostname() needs WSAStartup(): this one does not.  No macro:
 * every file that includes windows.h (archive.h does) declares Winsock's, so
 * the one caller (cli/bundle.c) names this.
 */
int vnet_compat_gethostname(char *name, size_t len);
int vnet_compat_strverscmp(const char *a, const char *b);
#define strverscmp vnet_compat_strverscmp

/*
 * open_memstream(): a FILE on a temporary file that deletes itself; the
 * buffer is made when it is closed, which is how the code uses it (no read
 * of the buffer before fclose()).  Every fclose() goes through the shim to
 * find the memory streams among the files.
 */
FILE *vnet_compat_open_memstream(char **buf, size_t *len);
#define open_memstream vnet_compat_open_memstream
int vnet_compat_fclose(FILE *f);
#define fclose vnet_compat_fclose

/*
 * nl_langinfo(CODESET) as a POSIX C library would answer from the locale
 * variables; none set: UTF-8, the console's code page vnet_compat_stdio_init()
 * sets.  Only CODESET is asked for.
 */
#define CODESET 14
static inline const char *vnet_compat_nl_langinfo(int item)
{
	const char *vars[] = { "LC_ALL", "LC_CTYPE", "LANG" };

	(void)item;
	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *v = getenv(vars[i]);

		if (v && *v)
			return strstr(v, "UTF-8") || strstr(v, "utf8") || strstr(v, "UTF8") ||
			       strstr(v, "utf-8") ? "UTF-8" : "ANSI_X3.4-1968";
	}
	return "UTF-8";
}
#define nl_langinfo vnet_compat_nl_langinfo

/* strftime() with C99's %z ("+0100"), which the Microsoft CRT's lacks */
size_t vnet_compat_strftime(char *s, size_t max, const char *fmt, const struct tm *tm);
#define strftime vnet_compat_strftime

/* stdin, stdout, stderr and every file opened later in binary: no "\r\n", no ^Z end. */
void vnet_compat_stdio_init(void);
#else
static inline void vnet_compat_stdio_init(void)
{
}
#endif /* _WIN32 */

#endif /* VNET_COMPAT_H */
