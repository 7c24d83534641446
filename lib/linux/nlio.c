// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * nlio.c - netlink and ethtool-ioctl transport with record and replay
 *
 * Every kernel reply the backend consumes passes through here.  With
 * linux.record=DIR the raw replies are also written to DIR/<key>.nl; with
 * linux.replay=DIR they are read back from there instead of the kernel.
 * Fixture trees captured in real guests therefore exercise the very same
 * parsers (in the spirit of iproute2's "ip monitor file").
 *
 * File format: a sequence of records, each a native-endian uint32 length
 * followed by one datagram as received from the socket.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/ethtool.h>
#include <linux/genetlink.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <libmnl/libmnl.h>

#include "linux.h"

/* the kernel sizes dump chunks to the page size, up to 32 KiB (libmnl >= 1.0.5 calls it MNL_SOCKET_DUMP_SIZE) */
#define NL_RECV_SIZE 32768

static const char *proto_name(int proto)
{
	return proto == NETLINK_ROUTE ? "rtnetlink" : "generic netlink";
}

static int nl_socket(struct vnet_ctx *ctx, int proto, struct mnl_socket **out)
{
	struct lx *lx = lx_of(ctx);
	int idx = proto == NETLINK_ROUTE ? 0 : 1;
	struct mnl_socket *nl;
	int one = 1;

	if (lx->nl[idx]) {
		*out = lx->nl[idx];
		return 0;
	}
	nl = mnl_socket_open2(proto, SOCK_CLOEXEC);
	if (!nl)
		return vnet_set_error(ctx, -errno, "cannot open %s socket: %s",
				      proto_name(proto), strerror(errno));
	/* ask for the kernel's reason text on errors (extended ACK) */
	mnl_socket_setsockopt(nl, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl, NETLINK_CAP_ACK, &one, sizeof(one));
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		int err = -errno;

		mnl_socket_close(nl);
		return vnet_set_error(ctx, err, "cannot bind %s socket: %s",
				      proto_name(proto), strerror(-err));
	}
	lx->nl[idx] = nl;
	*out = nl;
	return 0;
}

int lx_nl_init(struct vnet_ctx *ctx)
{
	struct lx *lx = lx_of(ctx);

	lx->seq = time(NULL);
	lx->ioctl_fd = -1;
	return 0;
}

void lx_nl_cleanup(struct lx *lx)
{
	for (size_t i = 0; i < ARRAY_SIZE(lx->nl); i++)
		if (lx->nl[i])
			mnl_socket_close(lx->nl[i]);
	if (lx->ioctl_fd >= 0)
		close(lx->ioctl_fd);
}

struct nlmsghdr *lx_nl_msg(struct lx *lx, void *buf, size_t size, uint16_t type,
			   uint16_t flags)
{
	struct nlmsghdr *nlh;

	/* libmnl does not zero attribute padding; the kernel would read junk */
	memset(buf, 0, size);
	nlh = mnl_nlmsg_put_header(buf);

	/*
	 * Always ask for an ACK: it is what ends the reply to a plain GET (a
	 * dump ends with NLMSG_DONE and gets no ACK), and recordings need an
	 * end marker too.
	 */
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	nlh->nlmsg_seq = ++lx->seq;
	return nlh;
}

/*
 * Replies are untrusted once they come from a recording (a support bundle
 * opened on another machine): every length is checked before libmnl walks
 * it, since libmnl compares nlmsg_len as an int and takes 2^31 and more for
 * a fit.  16 MiB is far above any reply about one device.
 */
#define NL_RECORDING_MAX (16u << 20)
/* errno values are below 4096 (MAX_ERRNO); anything else is not an errno */
#define NL_ERRNO_MAX 4095

struct cb_state {
	struct vnet_ctx *ctx;
	const char *key;
	lx_nl_cb cb;
	void *data;
	int err;
	char origin[128];		/* "recording KEY.nl" or "KEY reply", for errors */
	const void *chunk;		/* the datagram being walked, to number its messages */
	unsigned int first;		/* number of the chunk's first message, from 1 */
};

/* A malformed reply: -EPROTO, never an errno a caller reads as "unsupported". */
__attribute__((format(printf, 2, 3)))
static int malformed(struct cb_state *st, const char *fmt, ...)
{
	char why[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	st->err = -EPROTO;
	return vnet_set_error(st->ctx, -EPROTO, "%s: %s", st->origin, why);
}

/* Number of @nlh in the whole reply; the chunk was checked by check_chunk(). */
static unsigned int msg_number(const struct cb_state *st, const struct nlmsghdr *nlh)
{
	const char *p = st->chunk;
	unsigned int n = st->first;

	while (p < (const char *)nlh) {
		p += NLMSG_ALIGN(((const struct nlmsghdr *)p)->nlmsg_len);
		n++;
	}
	return n;
}

/*
 * Every message must lie inside the datagram, each starting at the aligned
 * end of the one before; libmnl silently stops at trailing bytes too short
 * for a header, which would hide a cut recording.
 */
static int check_chunk(struct cb_state *st, const void *buf, size_t len, unsigned int *count)
{
	size_t off = 0;

	*count = 0;
	while (off < len) {
		const struct nlmsghdr *nlh = (const void *)((const char *)buf + off);
		size_t left = len - off;

		if (left < sizeof(*nlh))
			return malformed(st, "message %u: %zu trailing bytes, shorter than a header",
					 st->first + *count, left);
		if (nlh->nlmsg_len < sizeof(*nlh) || nlh->nlmsg_len > left)
			return malformed(st, "message %u: length %u out of bounds (%zu to %zu)",
					 st->first + *count, nlh->nlmsg_len, sizeof(*nlh), left);
		off += NLMSG_ALIGN(nlh->nlmsg_len) < left ? NLMSG_ALIGN(nlh->nlmsg_len) : left;
		(*count)++;
	}
	return 0;
}

static int data_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct cb_state *st = arg;
	int err = st->cb(nlh, st->data);

	/* -E2BIG: a count above any the kernel can send (the parser's bound) */
	if (err == -E2BIG) {
		malformed(st, "message %u: more entries than the kernel sends",
			  msg_number(st, nlh));
		return MNL_CB_ERROR;
	}
	if (err < 0) {
		st->err = err;
		/* the parsers return a bare errno */
		vnet_set_error(st->ctx, err, "%s: %s", st->key,
			       err == -EINVAL ? "malformed reply" : strerror(-err));
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

/* An error code as sent: 0 or -errno; anything else is not one (-EPROTO). */
static int check_code(struct cb_state *st, const struct nlmsghdr *nlh, int code)
{
	if (code <= 0 && code >= -NL_ERRNO_MAX)
		return 0;
	malformed(st, "message %u: error code %d out of range (-%d to 0)", msg_number(st, nlh),
		  code, NL_ERRNO_MAX);
	return MNL_CB_ERROR;
}

/*
 * The extended ACK's reason text, or NULL.  The TLVs follow the echoed
 * request, whose length is the sender's word: bound the walk by this
 * message's own length, which check_chunk() verified.
 */
static int extack_msg(struct cb_state *st, const struct nlmsghdr *nlh, const char **msg)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	size_t payload = mnl_nlmsg_get_payload_len(nlh), off = sizeof(*e);

	*msg = NULL;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return 0;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
		/* the whole request is echoed, its attributes included */
		if (e->msg.nlmsg_len < sizeof(e->msg) ||
		    e->msg.nlmsg_len > payload - sizeof(e->error))
			return malformed(st, "message %u: echoed request length %u out of bounds (%zu to %zu)",
					 msg_number(st, nlh), e->msg.nlmsg_len, sizeof(e->msg),
					 payload - sizeof(e->error));
		off = MNL_ALIGN(sizeof(e->error) + e->msg.nlmsg_len);
	}
	while (off < payload) {
		const struct nlattr *attr = (const void *)((const char *)e + off);
		size_t left = payload - off;

		if (left < sizeof(*attr) || attr->nla_len < sizeof(*attr) || attr->nla_len > left)
			return malformed(st, "message %u: extended ACK attribute out of bounds",
					 msg_number(st, nlh));
		if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
		    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
			*msg = mnl_attr_get_str(attr);
		off += MNL_ALIGN(attr->nla_len);
	}
	return 0;
}

/* Keep the kernel's extended ACK message, it names the offending value. */
static int error_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct cb_state *st = arg;
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	const char *msg;

	/* capped or not, the error code and the request's header are always there */
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*e)) {
		malformed(st, "message %u: NLMSG_ERROR of %u bytes, shorter than %zu",
			  msg_number(st, nlh), nlh->nlmsg_len, mnl_nlmsg_size(sizeof(*e)));
		return MNL_CB_ERROR;
	}
	if (check_code(st, nlh, e->error))
		return MNL_CB_ERROR;
	if (!e->error)
		return MNL_CB_STOP;
	if (extack_msg(st, nlh, &msg))
		return MNL_CB_ERROR;
	st->err = e->error;
	vnet_set_error(st->ctx, e->error, "%s", msg ? msg : strerror(-e->error));
	return MNL_CB_ERROR;
}

/* End of a dump; the kernel may append the dump's error code. */
static int done_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct cb_state *st = arg;
	int code;

	if (mnl_nlmsg_get_payload_len(nlh) >= sizeof(code)) {
		memcpy(&code, mnl_nlmsg_get_payload(nlh), sizeof(code));
		if (check_code(st, nlh, code))
			return MNL_CB_ERROR;
		if (code < 0) {
			st->err = code;
			vnet_set_error(st->ctx, code, "%s", strerror(-code));
			return MNL_CB_ERROR;
		}
	}
	return MNL_CB_STOP;
}

static int noop_cb(const struct nlmsghdr *nlh, void *arg)
{
	(void)nlh;
	(void)arg;
	return MNL_CB_OK;
}

/* libmnl ignores control messages with no entry here, NLMSG_DONE included. */
static mnl_cb_t ctl_cbs[NLMSG_MIN_TYPE] = {
	[NLMSG_NOOP] = noop_cb,
	[NLMSG_ERROR] = error_cb,
	[NLMSG_DONE] = done_cb,
};

/* Run one received datagram through the callbacks: <0 error, 0 done, 1 more. */
static int run_chunk(struct cb_state *st, const void *buf, size_t len,
		     unsigned int seq, unsigned int portid)
{
	unsigned int count;
	int ret;

	if (check_chunk(st, buf, len, &count))
		return st->err;
	st->chunk = buf;
	errno = 0;
	ret = mnl_cb_run2(buf, len, seq, portid, data_cb, st, ctl_cbs, ARRAY_SIZE(ctl_cbs));
	st->first += count;
	if (ret == MNL_CB_ERROR) {
		if (!st->err) {
			st->err = errno ? -errno : -EIO;
			vnet_set_error(st->ctx, st->err, "%s: bad reply: %s", st->key,
				       strerror(-st->err));
		}
		return st->err;
	}
	return ret == MNL_CB_STOP ? 0 : 1;
}

static int replay_path(struct vnet_ctx *ctx, const char *dir, const char *key,
		       const char *ext, char *path, size_t len)
{
	if (vnet_path(path, len, "%s/%s%s", dir, key, ext))
		return vnet_set_error(ctx, -ENAMETOOLONG, "recording path too long");
	return 0;
}

/*
 * A recording's file, -errno explained: a regular file only (a FIFO would
 * block forever, a device is no recording) of at most NL_RECORDING_MAX
 * bytes.  -ENOENT unexplained: the caller says which reply is missing.
 */
static int open_recording(struct vnet_ctx *ctx, const char *path, const char *key,
			  const char *ext)
{
	struct stat sb;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);

	if (fd < 0 && errno == ENOENT)
		return -ENOENT;
	if (fd < 0)
		return vnet_set_error(ctx, -EIO, "recording %s%s: %s", key, ext, strerror(errno));
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return vnet_set_error(ctx, -EIO, "recording %s%s: not a regular file", key, ext);
	}
	if (sb.st_size > NL_RECORDING_MAX) {
		close(fd);
		return vnet_set_error(ctx, -EFBIG, "recording %s%s: %lld bytes, more than %u", key,
				      ext, (long long)sb.st_size, NL_RECORDING_MAX);
	}
	return fd;
}

/* all of @len bytes: @len, or what was there before end of file, or -errno */
static ssize_t read_full(int fd, void *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = read(fd, (char *)buf + got, len - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			break;
		got += n;
	}
	return got;
}

static int replay(struct vnet_ctx *ctx, const char *key, struct cb_state *st)
{
	struct lx *lx = lx_of(ctx);
	char path[PATH_MAX];
	unsigned int chunk = 0;
	int fd, ret = 1;

	if (replay_path(ctx, lx->replay, key, ".nl", path, sizeof(path)))
		return -ENAMETOOLONG;
	/* the file's name: a whole path would not fit the line of "show" */
	snprintf(st->origin, sizeof(st->origin), "recording %s.nl", key);
	st->first = 1;
	fd = open_recording(ctx, path, key, ".nl");
	if (fd == -ENOENT)
		return vnet_set_error(ctx, -ENOENT, "no recorded reply %s", key);
	if (fd < 0)
		return fd;
	while (ret > 0) {
		uint32_t len;
		ssize_t n;
		void *buf;

		chunk++;
		n = read_full(fd, &len, sizeof(len));
		if (n != sizeof(len)) {
			ret = vnet_set_error(ctx, -EIO, "%s: truncated: %s", st->origin,
					     n < 0 ? strerror((int)-n) : n ?
					     "ends inside the length of a chunk" :
					     "ends before the reply's last message");
			break;
		}
		if (len > NL_RECORDING_MAX) {
			ret = vnet_set_error(ctx, -EPROTO, "%s: chunk %u: length %u out of bounds (at most %u)",
					     st->origin, chunk, len, NL_RECORDING_MAX);
			break;
		}
		buf = malloc(len ? len : 1);
		if (!buf) {
			ret = vnet_oom(ctx);
			break;
		}
		n = read_full(fd, buf, len);
		if (n != (ssize_t)len) {
			free(buf);
			ret = vnet_set_error(ctx, -EIO, "%s: truncated: chunk %u has %zd of %u bytes",
					     st->origin, chunk, n, len);
			break;
		}
		/* sequence numbers and ports of a recording are not ours */
		ret = run_chunk(st, buf, len, 0, 0);
		free(buf);
	}
	close(fd);
	return ret;
}

/* -1 when not recording; -errno (explained) when the recording cannot be made */
static int record_open(struct vnet_ctx *ctx, const char *key, const char *ext)
{
	struct lx *lx = lx_of(ctx);
	char path[PATH_MAX];
	int fd;

	if (!*lx->record)
		return -1;
	if (replay_path(ctx, lx->record, key, ext, path, sizeof(path)))
		return -ENAMETOOLONG;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	/* -EIO: an -ENOENT here would read as an answer of the kernel */
	if (fd < 0)
		return vnet_set_error(ctx, -EIO, "recording %s%s: %s", key, ext, strerror(errno));
	return fd;
}

/* A recording that silently lacks a reply would replay as a different machine. */
static int record_write(struct vnet_ctx *ctx, int fd, const char *key, const void *buf,
			size_t len)
{
	ssize_t n = write(fd, buf, len);

	if (n == (ssize_t)len)
		return 0;
	if (n < 0)
		return vnet_set_error(ctx, -EIO, "recording %s: %s", key, strerror(errno));
	return vnet_set_error(ctx, -EIO, "recording %s: short write", key);
}

static int record_chunk(struct vnet_ctx *ctx, int fd, const char *key, const void *buf,
			uint32_t len)
{
	int err = record_write(ctx, fd, key, &len, sizeof(len));

	return err ? err : record_write(ctx, fd, key, buf, len);
}

/**
 * lx_nl_transact() - send @req and feed every reply message to @cb
 * @key: name of the recording ("ethtool-channels-eth0")
 *
 * Return: 0, or -errno; the context holds the kernel's reason.
 */
int lx_nl_transact(struct vnet_ctx *ctx, int proto, const char *key,
		   struct nlmsghdr *req, lx_nl_cb cb, void *data)
{
	struct lx *lx = lx_of(ctx);
	struct cb_state st = { .ctx = ctx, .key = key, .cb = cb, .data = data, .first = 1 };
	struct mnl_socket *nl = NULL;
	size_t bufsz = NL_RECV_SIZE;
	void *buf;
	int ret, rec, more;

	if (*lx->replay)
		return replay(ctx, key, &st);
	snprintf(st.origin, sizeof(st.origin), "%s reply", key);
	if (!lx->netlink_allowed)
		return vnet_set_error(ctx, -ENOENT,
				      "netlink is not used with a fixture sysfs root (set linux.replay)");
	ret = nl_socket(ctx, proto, &nl);
	if (ret)
		return ret;
	if (mnl_socket_sendto(nl, req, req->nlmsg_len) < 0)
		return vnet_set_error(ctx, -errno, "%s request failed: %s",
				      proto_name(proto), strerror(errno));
	buf = malloc(bufsz);
	if (!buf)
		return vnet_oom(ctx);
	rec = record_open(ctx, key, ".nl");
	/* the request went out: read its whole reply even when it cannot be recorded */
	ret = rec < -1 ? rec : 0;
	do {
		ssize_t n = mnl_socket_recvfrom(nl, buf, bufsz);

		if (n < 0) {
			ret = vnet_set_error(ctx, -errno, "%s receive failed: %s",
					     proto_name(proto), strerror(errno));
			break;
		}
		if (rec >= 0 && (more = record_chunk(ctx, rec, key, buf, n))) {
			close(rec);
			rec = -1;
			ret = more;
		}
		more = run_chunk(&st, buf, n, req->nlmsg_seq, mnl_socket_get_portid(nl));
		if (more < 0)
			ret = more;
	} while (more > 0);
	if (rec >= 0)
		close(rec);
	free(buf);
	return ret;
}

struct family_data {
	int id;
};

static int family_attr_cb(const struct nlattr *attr, void *data)
{
	struct family_data *fd = data;

	if (mnl_attr_get_type(attr) == CTRL_ATTR_FAMILY_ID &&
	    mnl_attr_validate(attr, MNL_TYPE_U16) == 0)
		fd->id = mnl_attr_get_u16(attr);
	return MNL_CB_OK;
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	mnl_attr_parse(nlh, sizeof(struct genlmsghdr), family_attr_cb, data);
	return 0;
}

/**
 * lx_genl_family() - resolve a generic netlink family id once
 * @cache: where the id (or -ENOENT: no such family) is remembered
 */
int lx_genl_family(struct vnet_ctx *ctx, const char *name, int *cache)
{
	char buf[MNL_SOCKET_BUFFER_SIZE], key[64];
	struct family_data fd = { 0 };
	struct nlmsghdr *nlh;
	struct genlmsghdr *genl;
	int err;

	if (*cache > 0)
		return *cache;
	if (*cache)
		return vnet_set_error(ctx, *cache, "kernel has no \"%s\" generic netlink family", name);
	nlh = lx_nl_msg(lx_of(ctx), buf, sizeof(buf), GENL_ID_CTRL, 0);
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = CTRL_CMD_GETFAMILY;
	genl->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, name);
	snprintf(key, sizeof(key), "genl-family-%s", name);
	err = lx_nl_transact(ctx, NETLINK_GENERIC, key, nlh, family_cb, &fd);
	if (!err && !fd.id)
		err = -ENOENT;
	if (err == -ENOENT)
		vnet_set_error(ctx, err, "kernel has no \"%s\" generic netlink family", name);
	/* only the kernel's answer is worth remembering, not a failure to ask */
	if (!err || err == -ENOENT)
		*cache = err ? err : fd.id;
	return err ? err : fd.id;
}

/* Whole recording into @data; -EFBIG when it does not fit in @len. */
static ssize_t read_recording(int fd, void *data, size_t len)
{
	ssize_t got = read_full(fd, data, len);
	char extra;

	if (got == (ssize_t)len && read(fd, &extra, 1) == 1)
		return -EFBIG;
	return got;
}

/**
 * lx_ethtool_ioctl() - SIOCETHTOOL with record/replay
 * @data: the ethtool command structure, in and out
 *
 * Only for what ethtool netlink cannot do (driver statistics values).
 */
int lx_ethtool_ioctl(struct vnet_ctx *ctx, const char *ifname, const char *key,
		     void *data, size_t len)
{
	struct lx *lx = lx_of(ctx);
	struct ifreq ifr = { 0 };
	char path[PATH_MAX];
	int fd;

	if (*lx->replay) {
		ssize_t n;

		if (replay_path(ctx, lx->replay, key, ".bin", path, sizeof(path)))
			return -ENAMETOOLONG;
		fd = open_recording(ctx, path, key, ".bin");
		if (fd == -ENOENT)
			return vnet_set_error(ctx, -ENOENT, "no recorded reply %s", key);
		if (fd < 0)
			return fd;
		/* the recording may be shorter: buffers are sized generously */
		n = read_recording(fd, data, len);
		close(fd);
		if (n < 0)
			return vnet_set_error(ctx, (int)n, "recorded reply %s: %s", key,
					      n == -EFBIG ? "larger than the request" :
					      strerror((int)-n));
		return 0;
	}
	if (!lx->netlink_allowed)
		return vnet_set_error(ctx, -ENOENT,
				      "ioctl is not used with a fixture sysfs root (set linux.replay)");
	if (lx->ioctl_fd < 0) {
		lx->ioctl_fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		if (lx->ioctl_fd < 0)
			return vnet_set_error(ctx, -errno, "socket: %s", strerror(errno));
	}
	if (!vnet_strcpy(ifr.ifr_name, ifname, sizeof(ifr.ifr_name)))
		return vnet_set_error(ctx, -EINVAL, "%s: interface name too long", ifname);
	ifr.ifr_data = data;
	if (ioctl(lx->ioctl_fd, SIOCETHTOOL, &ifr) < 0)
		return vnet_set_error(ctx, -errno, "%s: ethtool ioctl: %s", ifname,
				      strerror(errno));
	fd = record_open(ctx, key, ".bin");
	if (fd < -1)
		return fd;
	if (fd >= 0) {
		int err = record_write(ctx, fd, key, data, len);

		close(fd);
		return err;
	}
	return 0;
}
