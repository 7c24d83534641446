// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Test helper for the real-guest harness: attach (or detach) an XDP program
 * that drops every received frame, so that virtio_net counts receive drops
 * on the queues that get traffic.  The program is two instructions, loaded
 * with bpf(2) and attached in driver mode with RTM_SETLINK (IFLA_XDP): no
 * compiler or object file is needed inside the guest.
 *
 * usage: xdp-drop IFNAME on|off
 */
#include <errno.h>
#include <linux/bpf.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <libmnl/libmnl.h>

static int load_drop_program(void)
{
	struct bpf_insn insns[] = {
		/* r0 = XDP_DROP; exit */
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = XDP_DROP },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	char log[1024] = "";
	union bpf_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_XDP;
	attr.insns = (unsigned long)insns;
	attr.insn_cnt = sizeof(insns) / sizeof(insns[0]);
	attr.license = (unsigned long)"GPL";
	attr.log_buf = (unsigned long)log;
	attr.log_size = sizeof(log);
	attr.log_level = 1;
	fd = syscall(__NR_bpf, BPF_PROG_LOAD, &attr, sizeof(attr));
	if (fd < 0)
		fprintf(stderr, "xdp-drop: BPF_PROG_LOAD: %s %s\n", strerror(errno), log);
	return fd;
}

static int set_xdp(unsigned int ifindex, int prog_fd)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct mnl_socket *nl;
	struct ifinfomsg *ifi;
	struct nlattr *xdp;
	unsigned int seq = time(NULL);
	int ret;

	nlh->nlmsg_type = RTM_SETLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = seq;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	xdp = mnl_attr_nest_start(nlh, IFLA_XDP);
	mnl_attr_put_u32(nlh, IFLA_XDP_FD, (uint32_t)prog_fd);
	mnl_attr_put_u32(nlh, IFLA_XDP_FLAGS, XDP_FLAGS_DRV_MODE);
	mnl_attr_nest_end(nlh, xdp);

	nl = mnl_socket_open(NETLINK_ROUTE);
	if (!nl || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		perror("xdp-drop: netlink");
		return -1;
	}
	ret = mnl_socket_sendto(nl, nlh, nlh->nlmsg_len);
	if (ret >= 0)
		ret = mnl_socket_recvfrom(nl, buf, sizeof(buf));
	if (ret >= 0)
		ret = mnl_cb_run(buf, ret, seq, mnl_socket_get_portid(nl), NULL, NULL);
	if (ret < 0)
		perror("xdp-drop: RTM_SETLINK IFLA_XDP");
	mnl_socket_close(nl);
	return ret < 0 ? -1 : 0;
}

int main(int argc, char **argv)
{
	unsigned int ifindex;
	int fd = -1;

	if (argc != 3 || (strcmp(argv[2], "on") && strcmp(argv[2], "off"))) {
		fprintf(stderr, "usage: xdp-drop IFNAME on|off\n");
		return 2;
	}
	ifindex = if_nametoindex(argv[1]);
	if (!ifindex) {
		fprintf(stderr, "xdp-drop: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	if (!strcmp(argv[2], "on")) {
		fd = load_drop_program();
		if (fd < 0)
			return 1;
	}
	/* the link keeps its own reference to the program */
	return set_xdp(ifindex, fd) ? 1 : 0;
}
