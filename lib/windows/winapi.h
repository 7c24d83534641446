/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * winapi.h - the one seam between the NetKVM backend and Windows
 *
 * Every Windows call the backend makes (SetupAPI, the registry, WMI,
 * DeviceIoControl on \\.\NETKVMD, IP Helper, the class installer) goes
 * through a struct vnet_win_api.  winapi-real.c calls the real APIs;
 * winapi-fixture.c (-O windows.fixture=DIR) answers SetupAPI, WMI, the
 * IOCTL, IP Helper and the restart from a fixture directory and keeps the
 * real registry, so that tests under wine run the registry code against
 * wine's registry (populated with "reg import").
 *
 * Plain C types only: strings are UTF-8 (the real table converts to and
 * from UTF-16), registry paths are below HKEY_LOCAL_MACHINE with
 * backslashes.  Every function returns 0 or a negative errno and, on
 * failure, writes a one-line reason into @err (VNET_WIN_ERR bytes).
 */
#ifndef VNET_WINAPI_H
#define VNET_WINAPI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VNET_WIN_ERR 160

/* GUID_DEVCLASS_NET's driver keys live below this HKLM path */
#define VNET_WIN_NET_CLASS_KEY \
	"SYSTEM\\CurrentControlSet\\Control\\Class\\{4d36e972-e325-11ce-bfc1-08002be10318}"

/* One present device of class Net (SetupDiGetClassDevs + SetupDiGetDeviceRegistryProperty) */
struct vnet_win_device {
	char instance_id[200];		/* CM_Get_Device_ID */
	char hardware_ids[512];		/* SPDRP_HARDWAREID, the MULTI_SZ joined with '\n' */
	char service[32];		/* SPDRP_SERVICE: "netkvm" */
	char description[128];		/* SPDRP_DEVICEDESC */
	char friendly_name[128];	/* SPDRP_FRIENDLYNAME ("" none) */
	char location[128];		/* SPDRP_LOCATION_INFORMATION: "PCI bus 0, device 3, function 0" */
	char driver_key[200];		/* SetupDiOpenDevRegKey(DIREG_DRV) as a path below HKLM */
};

enum vnet_win_reg_type {
	VNET_WIN_REG_NONE = 0,
	VNET_WIN_REG_SZ,		/* REG_SZ and REG_EXPAND_SZ */
	VNET_WIN_REG_DWORD,
	VNET_WIN_REG_OTHER,		/* REG_BINARY, REG_MULTI_SZ, ...: not used */
};

/* One property of a WMI instance; embedded objects are flattened "tx.Dropped" */
enum vnet_win_wmi_type {
	VNET_WIN_WMI_INT,		/* uint8/16/32/64, sint32: .num */
	VNET_WIN_WMI_BOOL,		/* boolean: .num 0 or 1 */
	VNET_WIN_WMI_STRING,		/* .str */
};

struct vnet_win_wmi_prop {
	char name[48];
	enum vnet_win_wmi_type type;
	int64_t num;
	char str[128];
};

/* GetIfEntry2's MIB_IF_ROW2, the part the backend uses */
struct vnet_win_ifrow {
	uint32_t if_index;
	char alias[128];		/* "Ethernet 2" */
	char description[128];		/* = the WMI InstanceName */
	uint32_t mtu;
	uint8_t mac[6], permanent_mac[6];
	bool oper_up;			/* OperStatus == IfOperStatusUp */
	bool media_connected;		/* MediaConnectState == MediaConnectStateConnected */
	uint64_t rx_speed_bps, tx_speed_bps;
	uint64_t in_octets, in_ucast, in_mcast, in_bcast, in_discards, in_errors;
	uint64_t out_octets, out_ucast, out_mcast, out_bcast, out_discards, out_errors;
};

struct vnet_win_api {
	const char *name;		/* "windows" or "fixture" */
	void *priv;

	/* present Net-class devices: *@out is calloc()ed, *@n entries */
	int (*enum_devices)(void *priv, struct vnet_win_device **out, size_t *n, char *err);

	/*
	 * Registry below HKLM.  reg_get: -ENOENT when the key or value is
	 * absent; a DWORD is returned as decimal text in @buf.  reg_subkey:
	 * the @index-th subkey name of @path, -ENOENT past the end.
	 * reg_set_sz writes REG_SZ; reg_delete removes a value (absent: 0).
	 */
	int (*reg_get)(void *priv, const char *path, const char *value,
		       enum vnet_win_reg_type *type, char *buf, size_t len, char *err);
	int (*reg_subkey)(void *priv, const char *path, unsigned int index, char *name,
			  size_t len, char *err);
	/* the @index-th value name of @path ("" the default value), -ENOENT past the end */
	int (*reg_value)(void *priv, const char *path, unsigned int index, char *name,
			 size_t len, char *err);
	int (*reg_set_sz)(void *priv, const char *path, const char *value, const char *data,
			  char *err);
	int (*reg_delete)(void *priv, const char *path, const char *value, char *err);

	/*
	 * WMI root\wmi: the instance of @cls whose InstanceName is @instance.
	 * -ENOENT when the class is not registered (an older driver) or has
	 * no such instance (say which in @err).  *@props is calloc()ed.
	 */
	int (*wmi_get)(void *priv, const char *cls, const char *instance,
		       struct vnet_win_wmi_prop **props, size_t *n, char *err);
	/* NetKvm_Logging.level = @level on @instance (PutInstance) */
	int (*wmi_set_logging)(void *priv, const char *instance, uint32_t level, char *err);

	/*
	 * \\.\NETKVMD IOCTL_NETKVMD_QUERY_ADAPTERS: the raw output buffer
	 * (an array of 64-byte NETKVMD_ADAPTER), *@got bytes of it.
	 */
	int (*netkvmd_query)(void *priv, uint8_t *buf, size_t len, size_t *got, char *err);

	/* ConvertInterfaceGuidToLuid(@netcfg_instance_id) + GetIfEntry2 */
	int (*if_row)(void *priv, const char *netcfg_instance_id, struct vnet_win_ifrow *row,
		      char *err);

	/*
	 * DIF_PROPERTYCHANGE (DICS_PROPCHANGE) on @instance_id, as netkvmco's
	 * restart: *@reboot true when Windows says a reboot is needed.
	 */
	int (*restart)(void *priv, const char *instance_id, bool *reboot, char *err);

	/* processors Windows runs on (GetActiveProcessorCount); fixture: "online_cpus", -ENOENT */
	int (*online_cpus)(void *priv, uint32_t *n, char *err);

	void (*close)(void *priv);
};

/*
 * The real registry (winapi-real.c), shared by both tables: the fixture
 * keeps the real registry.  @priv is unused.
 */
int vnet_win_reg_get(void *priv, const char *path, const char *value,
		     enum vnet_win_reg_type *type, char *buf, size_t len, char *err);
int vnet_win_reg_subkey(void *priv, const char *path, unsigned int index, char *name,
			size_t len, char *err);
int vnet_win_reg_value(void *priv, const char *path, unsigned int index, char *name,
		       size_t len, char *err);
int vnet_win_reg_set_sz(void *priv, const char *path, const char *value, const char *data,
			char *err);
int vnet_win_reg_delete(void *priv, const char *path, const char *value, char *err);

/* The real Windows APIs (winapi-real.c) */
int vnet_win_api_real(struct vnet_win_api *api, char *err);
/* Fixture answers from @dir, the real registry (winapi-fixture.c) */
int vnet_win_api_fixture(struct vnet_win_api *api, const char *dir, char *err);

#endif /* VNET_WINAPI_H */
