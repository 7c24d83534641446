// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * compat.c - the POSIX shims of compat.h that need code (Windows only)
 */
#include "config.h"

#ifdef _WIN32
#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <windows.h>

#include "compat.h"

/* the shims call the real ones */
#undef fclose
#undef fsync

ssize_t vnet_compat_getline(char **line, size_t *cap, FILE *f)
{
	size_t len = 0;
	int c;

	if (!line || !cap || !f) {
		errno = EINVAL;
		return -1;
	}
	while ((c = getc(f)) != EOF) {
		if (len + 2 > *cap) {
			size_t want = *cap ? *cap * 2 : 128;
			char *p;

			if (want > SSIZE_MAX) {
				errno = EOVERFLOW;
				return -1;
			}
			p = realloc(*line, want);
			if (!p) {
				errno = ENOMEM;
				return -1;
			}
			*line = p;
			*cap = want;
		}
		(*line)[len++] = (char)c;
		if (c == '\n')
			break;
	}
	if (!len)
		return -1;
	(*line)[len] = '\0';
	return (ssize_t)len;
}

/* Moves the file position, unlike pread(): no caller shares the descriptor. */
ssize_t vnet_compat_pread(int fd, void *buf, size_t len, off_t off)
{
	if (_lseeki64(fd, off, SEEK_SET) < 0)
		return -1;
	if (len > INT_MAX)
		len = INT_MAX;
	return _read(fd, buf, (unsigned int)len);
}

int vnet_compat_mkostemp(char *tmpl, int flags)
{
	size_t len = strlen(tmpl);

	/* names from the clock, the process and the try; O_EXCL makes one ours */
	for (int tries = 0; tries < 100; tries++) {
		unsigned int r = (unsigned int)GetTickCount() ^ (unsigned int)GetCurrentProcessId();
		int fd;

		r ^= (unsigned int)tries * 2654435761u;

		if (len < 6 || strcmp(tmpl + len - 6, "XXXXXX")) {
			errno = EINVAL;
			return -1;
		}
		for (int i = 0; i < 6; i++, r /= 36)
			tmpl[len - 6 + i] = "abcdefghijklmnopqrstuvwxyz0123456789"[r % 36];
		fd = _open(tmpl, _O_RDWR | _O_CREAT | _O_EXCL | _O_BINARY | flags,
			   _S_IREAD | _S_IWRITE);
		if (fd >= 0 || errno != EEXIST)
			return fd;
		memcpy(tmpl + len - 6, "XXXXXX", 6);
	}
	errno = EEXIST;
	return -1;
}

int vnet_compat_fsync(int fd)
{
	return _commit(fd);
}

int vnet_compat_gethostname(char *name, size_t len)
{
	/* Winsock's gethostname() needs WSAStartup(); this is the same name */
	DWORD n = len > UINT32_MAX ? UINT32_MAX : (DWORD)len;

	if (!GetComputerNameExA(ComputerNameDnsHostname, name, &n)) {
		errno = GetLastError() == ERROR_MORE_DATA ? ENAMETOOLONG : EINVAL;
		return -1;
	}
	return 0;
}

/* glibc's order: runs of digits compare as numbers ("eth2" < "eth10"). */
int vnet_compat_strverscmp(const char *a, const char *b)
{
	const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;

	while (*x && *y) {
		if (*x >= '0' && *x <= '9' && *y >= '0' && *y <= '9') {
			const unsigned char *xs = x, *ys = y;
			size_t xl, yl;
			int c;

			while (*xs == '0')
				xs++;
			while (*ys == '0')
				ys++;
			for (x = xs; *x >= '0' && *x <= '9'; x++)
				;
			for (y = ys; *y >= '0' && *y <= '9'; y++)
				;
			xl = (size_t)(x - xs);
			yl = (size_t)(y - ys);
			if (xl != yl)
				return xl < yl ? -1 : 1;
			c = memcmp(xs, ys, xl);
			if (c)
				return c;
			continue;
		}
		if (*x != *y)
			return *x - *y;
		x++;
		y++;
	}
	return *x - *y;
}

#undef strftime
size_t vnet_compat_strftime(char *s, size_t max, const char *fmt, const struct tm *tm)
{
	char f[256], zone[8] = "";
	size_t o = 0;

	for (const char *p = fmt; *p; p++) {
		if (p[0] == '%' && p[1] == 'z') {
			/* a local time's offset: its fields read as UTC, less the instant */
			struct tm a = *tm, b = *tm;
			long long off = (long long)_mkgmtime(&a) - (long long)mktime(&b);
			long long m = (off < 0 ? -off : off) / 60;

			snprintf(zone, sizeof(zone), "%c%02lld%02lld", off < 0 ? '-' : '+',
				 (m / 60) % 100, m % 60);
			if (o + strlen(zone) >= sizeof(f))
				return 0;
			memcpy(f + o, zone, strlen(zone));
			o += strlen(zone);
			p++;
			continue;
		}
		if (p[0] == '%' && p[1] == '%') {
			if (o + 2 >= sizeof(f))
				return 0;
			f[o++] = *p++;
		}
		if (o + 1 >= sizeof(f))
			return 0;
		f[o++] = *p;
	}
	f[o] = '\0';
	return strftime(s, max, f, tm);
}

/* ---- signals waited for ------------------------------------------------------ */

static volatile sig_atomic_t sig_pending[NSIG];

static void mark_pending(int sig)
{
	if (sig > 0 && sig < NSIG)
		sig_pending[sig] = 1;
	/* the CRT puts SIG_DFL back before calling: still blocked, so again */
	signal(sig, mark_pending);
}

int vnet_compat_sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
	if (old)
		*old = 0;
	if (!set || how == SIG_UNBLOCK)
		return 0;
	for (int sig = 1; sig < NSIG; sig++)
		if (*set & (1ul << sig) && signal(sig, mark_pending) == SIG_ERR)
			return -1;
	return 0;
}

int vnet_compat_sigtimedwait(const sigset_t *set, void *info, const struct timespec *timeout)
{
	ULONGLONG end = GetTickCount64() + (ULONGLONG)timeout->tv_sec * 1000 +
			(ULONGLONG)timeout->tv_nsec / 1000000;

	for (;;) {
		ULONGLONG now;

		for (int sig = 1; sig < NSIG; sig++)
			if (*set & (1ul << sig) && sig_pending[sig]) {
				sig_pending[sig] = 0;
				return sig;
			}
		now = GetTickCount64();
		if (now >= end) {
			errno = EAGAIN;
			return -1;
		}
		Sleep(end - now > 20 ? 20 : (DWORD)(end - now));
	}
}

/* ---- open_memstream() ---------------------------------------------------- */

#define MEMSTREAMS	32

static struct memstream {
	FILE *f;
	char **buf;
	size_t *len;
} memstreams[MEMSTREAMS];
static SRWLOCK memstreams_lock = SRWLOCK_INIT;

FILE *vnet_compat_open_memstream(char **buf, size_t *len)
{
	wchar_t dir[MAX_PATH + 1], name[MAX_PATH + 1];
	struct memstream *slot = NULL;
	HANDLE h;
	FILE *f;
	int fd;

	if (!buf || !len) {
		errno = EINVAL;
		return NULL;
	}
	if (!GetTempPathW(MAX_PATH + 1, dir) || !GetTempFileNameW(dir, L"vnt", 0, name)) {
		errno = EIO;
		return NULL;
	}
	/* gone when closed, even when the process dies first */
	h = CreateFileW(name, GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS,
			FILE_ATTRIBUTE_TEMPORARY | FILE_FLAG_DELETE_ON_CLOSE, NULL);
	if (h == INVALID_HANDLE_VALUE) {
		DeleteFileW(name);
		errno = EIO;
		return NULL;
	}
	fd = _open_osfhandle((intptr_t)h, _O_RDWR | _O_BINARY);
	if (fd < 0) {
		CloseHandle(h);
		return NULL;
	}
	f = _fdopen(fd, "w+b");
	if (!f) {
		_close(fd);
		return NULL;
	}
	AcquireSRWLockExclusive(&memstreams_lock);
	for (int i = 0; i < MEMSTREAMS && !slot; i++)
		if (!memstreams[i].f)
			slot = &memstreams[i];
	if (slot)
		*slot = (struct memstream){ .f = f, .buf = buf, .len = len };
	ReleaseSRWLockExclusive(&memstreams_lock);
	if (!slot) {
		fclose(f);
		errno = EMFILE;
		return NULL;
	}
	*buf = NULL;
	*len = 0;
	return f;
}

/* The memory stream's text, NUL-terminated, into its caller's buffer. */
static int memstream_collect(FILE *f, char **buf, size_t *len)
{
	long long size;
	char *text;

	if (fflush(f) || (size = _ftelli64(f)) < 0 || (unsigned long long)size >= SIZE_MAX ||
	    fseek(f, 0, SEEK_SET))
		return -1;
	text = malloc((size_t)size + 1);
	if (!text) {
		errno = ENOMEM;
		return -1;
	}
	if (fread(text, 1, (size_t)size, f) != (size_t)size) {
		free(text);
		errno = EIO;
		return -1;
	}
	text[size] = '\0';
	*buf = text;
	*len = (size_t)size;
	return 0;
}

int vnet_compat_fclose(FILE *f)
{
	struct memstream ms = { 0 };
	int ret = 0;

	AcquireSRWLockExclusive(&memstreams_lock);
	for (int i = 0; i < MEMSTREAMS; i++)
		if (f && memstreams[i].f == f) {
			ms = memstreams[i];
			memstreams[i].f = NULL;
		}
	ReleaseSRWLockExclusive(&memstreams_lock);
	if (ms.f)
		ret = memstream_collect(f, ms.buf, ms.len);
	if (fclose(f))
		ret = EOF;
	return ret ? EOF : 0;
}

void vnet_compat_stdio_init(void)
{
	/* the output is the Linux build's, byte for byte: UTF-8 and "\n" */
	_fmode = _O_BINARY;	/* the CRT's (msvcrt.dll's, the DLL's too) */
	_setmode(0, _O_BINARY);
	_setmode(1, _O_BINARY);
	_setmode(2, _O_BINARY);
	SetConsoleOutputCP(CP_UTF8);
}
#endif /* _WIN32 */
