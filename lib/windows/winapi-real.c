// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * winapi-real.c - the seam (winapi.h) served by the real Windows APIs
 *
 * SetupAPI for the Net class devices, the registry below HKLM, WMI root\wmi
 * over COM, \\.\NETKVMD, IP Helper and the class installer (as netkvmco's
 * restart does, reference/netkvm.md 4.1).  Strings cross the seam as UTF-8;
 * everything Windows hands back is bounded before it is converted.
 */
#include "config.h"

#define COBJMACROS
/* GetIfEntry2 and MIB_IF_ROW2 are Vista's */
#if !defined(_WIN32_WINNT) || _WIN32_WINNT < 0x0600
#undef _WIN32_WINNT
#define _WIN32_WINNT 0x0600
#endif
/* lib/compat.h renames gethostname(), which winsock2.h declares with another prototype */
#undef gethostname
#include <winsock2.h>
#include <ws2ipdef.h>
#include <windows.h>
#include <cfgmgr32.h>
#include <iphlpapi.h>
#include <netioapi.h>
#include <objbase.h>
#include <oleauto.h>
#include <setupapi.h>
#include <wbemidl.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../internal.h"
#include "winapi.h"

#define IOCTL_NETKVMD_QUERY_ADAPTERS	0x00126004u
#define MAX_DEVICES			256
#define MAX_WMI_PROPS			256
#define REG_DATA_MAX			4096	/* bytes of one value: keywords are short */
#define WMI_TIMEOUT_MS			10000

/*
 * The GUIDs, here rather than from libuuid / libwbemuuid: those are static
 * archives of GUID data only, and libtool will not link a DLL against a
 * library it has no shared form of.  Values as devguid.h and wbemcli.h.
 */
static const GUID net_class_guid = {
	0x4d36e972, 0xe325, 0x11ce, { 0xbf, 0xc1, 0x08, 0x00, 0x2b, 0xe1, 0x03, 0x18 } };
static const CLSID wbem_locator_clsid = {
	0x4590f811, 0x1d3a, 0x11d0, { 0x89, 0x1f, 0x00, 0xaa, 0x00, 0x4b, 0x2e, 0x24 } };
static const IID wbem_locator_iid = {
	0xdc12a687, 0x737f, 0x11cf, { 0x88, 0x4d, 0x00, 0xaa, 0x00, 0x4b, 0x2e, 0x24 } };
static const IID wbem_object_iid = {
	0xdc12a681, 0x737f, 0x11cf, { 0x88, 0x4d, 0x00, 0xaa, 0x00, 0x4b, 0x2e, 0x24 } };

struct real {
	bool com_init;			/* CoInitializeEx succeeded: CoUninitialize at close */
	IWbemLocator *locator;
	IWbemServices *services;
};

static int errno_of(DWORD code)
{
	switch (code) {
	case ERROR_FILE_NOT_FOUND:
	case ERROR_PATH_NOT_FOUND:
	case ERROR_NO_MORE_ITEMS:
	case ERROR_NO_SUCH_DEVINST:
		return -ENOENT;
	case ERROR_ACCESS_DENIED:
	case ERROR_PRIVILEGE_NOT_HELD:
		return -EACCES;
	case ERROR_NOT_ENOUGH_MEMORY:
	case ERROR_OUTOFMEMORY:
		return -ENOMEM;
	case ERROR_MORE_DATA:
	case ERROR_INSUFFICIENT_BUFFER:
		return -EOVERFLOW;
	case ERROR_INVALID_PARAMETER:
	case ERROR_INVALID_DATA:
		return -EINVAL;
	case ERROR_NOT_SUPPORTED:
		return -EOPNOTSUPP;
	}
	return -EIO;
}

static void from_wide(const wchar_t *w, size_t wn, char *s, size_t n);

/* "API: what: the system's text for @code" in @err; returns the errno of @code. */
static int win_fail(char *err, DWORD code, const char *api, const char *what)
{
	wchar_t wtext[VNET_WIN_ERR];
	char text[VNET_WIN_ERR] = "";
	size_t n;

	/* the user's language, as UTF-8 (FormatMessageA would give the ANSI code page) */
	if (FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, code,
			   0, wtext, ARRAY_SIZE(wtext), NULL))
		from_wide(wtext, ARRAY_SIZE(wtext), text, sizeof(text));
	/* the system's text ends in ".\r\n": one line */
	for (char *c = text; *c; c++)
		if (*c == '\r' || *c == '\n')
			*c = ' ';
	n = strlen(text);
	while (n && (text[n - 1] == ' ' || text[n - 1] == '.'))
		text[--n] = '\0';
	if (!n)
		snprintf(text, sizeof(text), code > 0xffff ? "error 0x%08lx" : "error %lu",
			 (unsigned long)code);
	snprintf(err, VNET_WIN_ERR, "%s: %s: %s", api, what, text);
	return errno_of(code);
}

static int hr_fail(char *err, HRESULT hr, const char *api, const char *what)
{
	snprintf(err, VNET_WIN_ERR, "%s: %s: HRESULT 0x%08lx", api, what, (unsigned long)hr);
	if (hr == E_OUTOFMEMORY)
		return -ENOMEM;
	if (hr == E_ACCESSDENIED || hr == (HRESULT)WBEM_E_ACCESS_DENIED)
		return -EACCES;
	return -EIO;
}

/* UTF-8 @s into @w (@n wide characters): -EINVAL for bad UTF-8, -ENAMETOOLONG when too long. */
static int to_wide(const char *s, wchar_t *w, size_t n, char *err)
{
	if (!MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, w, (int)n)) {
		DWORD code = GetLastError();

		snprintf(err, VNET_WIN_ERR, "\"%.60s\": %s", s,
			 code == ERROR_INSUFFICIENT_BUFFER ? "too long" : "not UTF-8");
		return code == ERROR_INSUFFICIENT_BUFFER ? -ENAMETOOLONG : -EINVAL;
	}
	return 0;
}

/*
 * UTF-16 @w (at most @wn characters, not necessarily terminated) into @s;
 * too long text is cut at a character boundary: these are names and
 * descriptions for display and matching, never written back.
 */
static void from_wide(const wchar_t *w, size_t wn, char *s, size_t n)
{
	int len;

	for (len = 0; (size_t)len < wn && w[len]; len++)
		;
	while (len > 0) {
		int got = WideCharToMultiByte(CP_UTF8, 0, w, len, s, (int)n - 1, NULL, NULL);

		if (got > 0) {
			s[got] = '\0';
			return;
		}
		if (GetLastError() != ERROR_INSUFFICIENT_BUFFER)
			break;
		/* shorter, without splitting a surrogate pair */
		len -= len > 1 && w[len - 1] >= 0xdc00 && w[len - 1] <= 0xdfff ? 2 : 1;
	}
	s[0] = '\0';
}

/* ---- registry ------------------------------------------------------------------------ */

static int reg_open(const char *path, REGSAM access, HKEY *key, char *err)
{
	wchar_t wpath[512];
	LSTATUS st;
	int ret = to_wide(path, wpath, ARRAY_SIZE(wpath), err);

	if (ret)
		return ret;
	st = RegOpenKeyExW(HKEY_LOCAL_MACHINE, wpath, 0, access, key);
	if (st != ERROR_SUCCESS)
		return win_fail(err, st, "RegOpenKeyExW", path);
	return 0;
}

int vnet_win_reg_get(void *priv, const char *path, const char *value,
		     enum vnet_win_reg_type *type, char *buf, size_t len, char *err)
{
	/* one wide character more than RegQueryValueExW may fill: a terminator of our own */
	wchar_t data[REG_DATA_MAX / sizeof(wchar_t) + 1];
	wchar_t wname[256];
	DWORD rtype, dw, size = REG_DATA_MAX;
	LSTATUS st;
	HKEY key;
	int ret;

	(void)priv;
	*type = VNET_WIN_REG_NONE;
	buf[0] = '\0';
	ret = to_wide(value, wname, ARRAY_SIZE(wname), err);
	if (ret)
		return ret;
	ret = reg_open(path, KEY_QUERY_VALUE, &key, err);
	if (ret)
		return ret;
	st = RegQueryValueExW(key, wname, NULL, &rtype, (BYTE *)data, &size);
	RegCloseKey(key);
	if (st != ERROR_SUCCESS) {
		char what[VNET_WIN_ERR];

		snprintf(what, sizeof(what), "%.100s\\%.40s", path, value);
		return win_fail(err, st, "RegQueryValueExW", what);
	}
	switch (rtype) {
	case REG_SZ:
	case REG_EXPAND_SZ:
		*type = VNET_WIN_REG_SZ;
		data[size / sizeof(wchar_t)] = L'\0';
		from_wide(data, size / sizeof(wchar_t), buf, len);
		break;
	case REG_DWORD:
		*type = VNET_WIN_REG_DWORD;
		if (size != sizeof(DWORD)) {
			snprintf(err, VNET_WIN_ERR, "%.100s\\%.40s: a REG_DWORD of %lu bytes", path,
				 value, (unsigned long)size);
			return -EINVAL;
		}
		memcpy(&dw, data, sizeof(dw));
		snprintf(buf, len, "%lu", (unsigned long)dw);
		break;
	default:
		*type = VNET_WIN_REG_OTHER;
		break;
	}
	return 0;
}

/* The @index-th subkey (@values false) or value name (@values true) of @path. */
static int reg_enum(const char *path, unsigned int index, char *name, size_t len, char *err,
		    bool values)
{
	const char *what = values ? "value" : "subkey";
	wchar_t wname[256];
	DWORD n = ARRAY_SIZE(wname);
	LSTATUS st;
	HKEY key;
	int ret;

	name[0] = '\0';
	ret = reg_open(path, values ? KEY_QUERY_VALUE : KEY_ENUMERATE_SUB_KEYS, &key, err);
	if (ret)
		return ret;
	if (values)
		st = RegEnumValueW(key, index, wname, &n, NULL, NULL, NULL, NULL);
	else
		st = RegEnumKeyExW(key, index, wname, &n, NULL, NULL, NULL, NULL);
	RegCloseKey(key);
	if (st == ERROR_NO_MORE_ITEMS) {
		snprintf(err, VNET_WIN_ERR, "%.100s: no %s %u", path, what, index);
		return -ENOENT;
	}
	if (st != ERROR_SUCCESS)
		return win_fail(err, st, values ? "RegEnumValueW" : "RegEnumKeyExW", path);
	from_wide(wname, n, name, len);
	return 0;
}

int vnet_win_reg_subkey(void *priv, const char *path, unsigned int index, char *name,
			size_t len, char *err)
{
	(void)priv;
	return reg_enum(path, index, name, len, err, false);
}

int vnet_win_reg_value(void *priv, const char *path, unsigned int index, char *name,
		       size_t len, char *err)
{
	(void)priv;
	return reg_enum(path, index, name, len, err, true);
}

int vnet_win_reg_set_sz(void *priv, const char *path, const char *value, const char *data,
			char *err)
{
	wchar_t wname[256], wdata[256];
	LSTATUS st;
	HKEY key;
	int ret;

	(void)priv;
	ret = to_wide(value, wname, ARRAY_SIZE(wname), err);
	if (!ret)
		ret = to_wide(data, wdata, ARRAY_SIZE(wdata), err);
	if (!ret)
		ret = reg_open(path, KEY_SET_VALUE, &key, err);
	if (ret)
		return ret;
	/* REG_SZ decimal text, as Device Manager and netkvmco write keywords */
	st = RegSetValueExW(key, wname, 0, REG_SZ, (const BYTE *)wdata,
			    (DWORD)((wcslen(wdata) + 1) * sizeof(wchar_t)));
	RegCloseKey(key);
	if (st != ERROR_SUCCESS)
		return win_fail(err, st, "RegSetValueExW", value);
	return 0;
}

int vnet_win_reg_delete(void *priv, const char *path, const char *value, char *err)
{
	wchar_t wname[256];
	LSTATUS st;
	HKEY key;
	int ret;

	(void)priv;
	ret = to_wide(value, wname, ARRAY_SIZE(wname), err);
	if (!ret)
		ret = reg_open(path, KEY_SET_VALUE, &key, err);
	if (ret)
		return ret;
	st = RegDeleteValueW(key, wname);
	RegCloseKey(key);
	if (st == ERROR_FILE_NOT_FOUND)
		return 0;
	if (st != ERROR_SUCCESS)
		return win_fail(err, st, "RegDeleteValueW", value);
	return 0;
}

/* ---- SetupAPI -------------------------------------------------------------------------- */

/* One string property; "" when the device has none (ERROR_INVALID_DATA) or it is too long. */
static int dev_prop(HDEVINFO set, SP_DEVINFO_DATA *did, DWORD prop, char *out, size_t len,
		    bool multi, char *err)
{
	wchar_t w[1024 + 2];
	DWORD type, need = 0;

	out[0] = '\0';
	memset(w, 0, sizeof(w));
	if (!SetupDiGetDeviceRegistryPropertyW(set, did, prop, &type, (BYTE *)w,
					       sizeof(w) - 2 * sizeof(wchar_t), &need)) {
		DWORD code = GetLastError();

		/* none, or longer than any id or name we match: "", not a failed scan */
		if (code == ERROR_INVALID_DATA || code == ERROR_INSUFFICIENT_BUFFER)
			return 0;
		return win_fail(err, code, "SetupDiGetDeviceRegistryPropertyW", "device property");
	}
	if (!multi) {
		from_wide(w, ARRAY_SIZE(w), out, len);
		return 0;
	}
	/* MULTI_SZ: joined with '\n'; the two zeroed characters at the end stop the walk */
	for (const wchar_t *p = w; *p && p < w + ARRAY_SIZE(w);) {
		size_t used = strlen(out), n = wcsnlen(p, w + ARRAY_SIZE(w) - p);
		char one[256];

		from_wide(p, n, one, sizeof(one));
		if (used + strlen(one) + 2 > len)
			break;
		if (used)
			out[used++] = '\n';
		memcpy(out + used, one, strlen(one) + 1);
		p += n + 1;
	}
	return 0;
}

static int read_device(HDEVINFO set, SP_DEVINFO_DATA *did, struct vnet_win_device *d, char *err)
{
	wchar_t id[MAX_DEVICE_ID_LEN + 1];
	char drv[128];
	CONFIGRET cr = CM_Get_Device_IDW(did->DevInst, id, ARRAY_SIZE(id), 0);
	int ret;

	if (cr != CR_SUCCESS) {
		snprintf(err, VNET_WIN_ERR, "CM_Get_Device_IDW: CONFIGRET %lu", (unsigned long)cr);
		return -EIO;
	}
	from_wide(id, ARRAY_SIZE(id), d->instance_id, sizeof(d->instance_id));
	ret = dev_prop(set, did, SPDRP_HARDWAREID, d->hardware_ids, sizeof(d->hardware_ids), true,
		       err);
	if (!ret)
		ret = dev_prop(set, did, SPDRP_SERVICE, d->service, sizeof(d->service), false, err);
	if (!ret)
		ret = dev_prop(set, did, SPDRP_DEVICEDESC, d->description, sizeof(d->description),
			       false, err);
	if (!ret)
		ret = dev_prop(set, did, SPDRP_FRIENDLYNAME, d->friendly_name,
			       sizeof(d->friendly_name), false, err);
	if (!ret)
		ret = dev_prop(set, did, SPDRP_LOCATION_INFORMATION, d->location,
			       sizeof(d->location), false, err);
	/* "{4d36e972-...}\0007" below ...\Control\Class: simpler than ZwQueryKey on the open key */
	if (!ret)
		ret = dev_prop(set, did, SPDRP_DRIVER, drv, sizeof(drv), false, err);
	if (!ret && *drv &&
	    vnet_path(d->driver_key, sizeof(d->driver_key),
		      "SYSTEM\\CurrentControlSet\\Control\\Class\\%s", drv))
		d->driver_key[0] = '\0';
	return ret;
}

static int real_enum_devices(void *priv, struct vnet_win_device **out, size_t *n, char *err)
{
	HDEVINFO set = SetupDiGetClassDevsW(&net_class_guid, NULL, NULL, DIGCF_PRESENT);
	struct vnet_win_device *devs;
	size_t got = 0;
	int ret = 0;

	(void)priv;
	*out = NULL;
	*n = 0;
	if (set == INVALID_HANDLE_VALUE)
		return win_fail(err, GetLastError(), "SetupDiGetClassDevsW", "class Net");
	devs = calloc(MAX_DEVICES, sizeof(*devs));
	if (!devs) {
		SetupDiDestroyDeviceInfoList(set);
		snprintf(err, VNET_WIN_ERR, "out of memory");
		return -ENOMEM;
	}
	for (DWORD i = 0; got < MAX_DEVICES; i++) {
		SP_DEVINFO_DATA did = { .cbSize = sizeof(did) };

		if (!SetupDiEnumDeviceInfo(set, i, &did)) {
			DWORD code = GetLastError();

			if (code != ERROR_NO_MORE_ITEMS)
				ret = win_fail(err, code, "SetupDiEnumDeviceInfo", "class Net");
			break;
		}
		ret = read_device(set, &did, &devs[got], err);
		if (ret)
			break;
		got++;
	}
	SetupDiDestroyDeviceInfoList(set);
	if (ret) {
		free(devs);
		return ret;
	}
	*out = devs;
	*n = got;
	return 0;
}

static int real_restart(void *priv, const char *instance_id, bool *reboot, char *err)
{
	SP_PROPCHANGE_PARAMS pc = {
		.ClassInstallHeader = {
			.cbSize = sizeof(SP_CLASSINSTALL_HEADER),
			.InstallFunction = DIF_PROPERTYCHANGE,
		},
		.StateChange = DICS_PROPCHANGE,
		.Scope = DICS_FLAG_CONFIGSPECIFIC,
		.HwProfile = 0,
	};
	SP_DEVINSTALL_PARAMS_W ip = { .cbSize = sizeof(ip) };
	SP_DEVINFO_DATA did = { .cbSize = sizeof(did) };
	wchar_t wid[MAX_DEVICE_ID_LEN + 1];
	HDEVINFO set;
	int ret;

	(void)priv;
	*reboot = false;
	ret = to_wide(instance_id, wid, ARRAY_SIZE(wid), err);
	if (ret)
		return ret;
	set = SetupDiGetClassDevsW(&net_class_guid, NULL, NULL, DIGCF_PRESENT);
	if (set == INVALID_HANDLE_VALUE)
		return win_fail(err, GetLastError(), "SetupDiGetClassDevsW", "class Net");
	if (!SetupDiOpenDeviceInfoW(set, wid, NULL, 0, &did))
		ret = win_fail(err, GetLastError(), "SetupDiOpenDeviceInfoW", instance_id);
	else if (!SetupDiSetClassInstallParamsW(set, &did, &pc.ClassInstallHeader, sizeof(pc)))
		ret = win_fail(err, GetLastError(), "SetupDiSetClassInstallParamsW", instance_id);
	else if (!SetupDiCallClassInstaller(DIF_PROPERTYCHANGE, set, &did))
		ret = win_fail(err, GetLastError(), "SetupDiCallClassInstaller", "DIF_PROPERTYCHANGE");
	else if (!SetupDiGetDeviceInstallParamsW(set, &did, &ip))
		ret = win_fail(err, GetLastError(), "SetupDiGetDeviceInstallParamsW", instance_id);
	else
		*reboot = ip.Flags & (DI_NEEDRESTART | DI_NEEDREBOOT);
	SetupDiDestroyDeviceInfoList(set);
	return ret;
}

/* ---- IP Helper --------------------------------------------------------------------------- */

static int real_if_row(void *priv, const char *netcfg_instance_id, struct vnet_win_ifrow *row,
		       char *err)
{
	MIB_IF_ROW2 r;
	wchar_t wguid[64];
	NET_LUID luid;
	GUID guid;
	DWORD st;
	int ret;

	(void)priv;
	memset(row, 0, sizeof(*row));
	ret = to_wide(netcfg_instance_id, wguid, ARRAY_SIZE(wguid), err);
	if (ret)
		return ret;
	if (CLSIDFromString(wguid, &guid) != NOERROR) {
		snprintf(err, VNET_WIN_ERR, "NetCfgInstanceId \"%.60s\" is not a GUID",
			 netcfg_instance_id);
		return -EINVAL;
	}
	st = ConvertInterfaceGuidToLuid(&guid, &luid);
	if (st != NO_ERROR)
		return win_fail(err, st, "ConvertInterfaceGuidToLuid", netcfg_instance_id);
	memset(&r, 0, sizeof(r));
	r.InterfaceLuid = luid;
	st = GetIfEntry2(&r);
	if (st != NO_ERROR)
		return win_fail(err, st, "GetIfEntry2", netcfg_instance_id);
	row->if_index = r.InterfaceIndex;
	from_wide(r.Alias, ARRAY_SIZE(r.Alias), row->alias, sizeof(row->alias));
	from_wide(r.Description, ARRAY_SIZE(r.Description), row->description,
		  sizeof(row->description));
	row->mtu = r.Mtu;
	if (r.PhysicalAddressLength == 6)
		memcpy(row->mac, r.PhysicalAddress, 6);
	if (r.PhysicalAddressLength == 6)
		memcpy(row->permanent_mac, r.PermanentPhysicalAddress, 6);
	row->oper_up = r.OperStatus == IfOperStatusUp;
	row->media_connected = r.MediaConnectState == MediaConnectStateConnected;
	row->rx_speed_bps = r.ReceiveLinkSpeed;
	row->tx_speed_bps = r.TransmitLinkSpeed;
	row->in_octets = r.InOctets;
	row->in_ucast = r.InUcastPkts;
	/* MIB_IF_ROW2 counts multicast and broadcast packets together */
	row->in_mcast = r.InNUcastPkts;
	row->in_bcast = 0;
	row->in_discards = r.InDiscards;
	row->in_errors = r.InErrors;
	row->out_octets = r.OutOctets;
	row->out_ucast = r.OutUcastPkts;
	row->out_mcast = r.OutNUcastPkts;
	row->out_bcast = 0;
	row->out_discards = r.OutDiscards;
	row->out_errors = r.OutErrors;
	return 0;
}

/* ---- \\.\NETKVMD ----------------------------------------------------------------------- */

static int real_netkvmd_query(void *priv, uint8_t *buf, size_t len, size_t *got, char *err)
{
	HANDLE h = CreateFileW(L"\\\\.\\NETKVMD", GENERIC_READ | GENERIC_WRITE,
			       FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0, NULL);
	DWORD ret = 0;
	int rc = 0;

	(void)priv;
	*got = 0;
	if (h == INVALID_HANDLE_VALUE) {
		DWORD code = GetLastError();

		if (code == ERROR_FILE_NOT_FOUND || code == ERROR_PATH_NOT_FOUND) {
			snprintf(err, VNET_WIN_ERR, "\\\\.\\NETKVMD: not found");
			return -ENOENT;
		}
		return win_fail(err, code, "CreateFileW", "\\\\.\\NETKVMD");
	}
	if (!DeviceIoControl(h, IOCTL_NETKVMD_QUERY_ADAPTERS, NULL, 0, buf, (DWORD)len, &ret, NULL))
		rc = win_fail(err, GetLastError(), "DeviceIoControl", "IOCTL_NETKVMD_QUERY_ADAPTERS");
	else
		*got = ret <= len ? ret : len;
	CloseHandle(h);
	return rc;
}

/* ---- WMI root\wmi ---------------------------------------------------------------------- */

static int wmi_connect(struct real *r, char *err)
{
	BSTR ns;
	HRESULT hr;

	if (r->services)
		return 0;
	hr = CoInitializeEx(NULL, COINIT_MULTITHREADED);
	if (SUCCEEDED(hr))
		r->com_init = true;
	else if (hr != RPC_E_CHANGED_MODE)	/* the caller's thread has COM already */
		return hr_fail(err, hr, "CoInitializeEx", "COM");
	hr = CoInitializeSecurity(NULL, -1, NULL, NULL, RPC_C_AUTHN_LEVEL_DEFAULT,
				  RPC_C_IMP_LEVEL_IMPERSONATE, NULL, EOAC_NONE, NULL);
	/* RPC_E_TOO_LATE: the process set it already, which is as good */
	if (FAILED(hr) && hr != RPC_E_TOO_LATE)
		return hr_fail(err, hr, "CoInitializeSecurity", "COM");
	hr = CoCreateInstance(&wbem_locator_clsid, NULL, CLSCTX_INPROC_SERVER, &wbem_locator_iid,
			      (void **)&r->locator);
	if (FAILED(hr))
		return hr_fail(err, hr, "CoCreateInstance", "WbemLocator");
	ns = SysAllocString(L"ROOT\\WMI");
	if (!ns)
		return hr_fail(err, E_OUTOFMEMORY, "SysAllocString", "ROOT\\WMI");
	hr = IWbemLocator_ConnectServer(r->locator, ns, NULL, NULL, NULL, 0, NULL, NULL,
					&r->services);
	SysFreeString(ns);
	if (FAILED(hr)) {
		r->services = NULL;
		return hr_fail(err, hr, "IWbemLocator::ConnectServer", "ROOT\\WMI");
	}
	hr = CoSetProxyBlanket((IUnknown *)r->services, RPC_C_AUTHN_WINNT, RPC_C_AUTHZ_NONE, NULL,
			       RPC_C_AUTHN_LEVEL_CALL, RPC_C_IMP_LEVEL_IMPERSONATE, NULL, EOAC_NONE);
	if (FAILED(hr))
		return hr_fail(err, hr, "CoSetProxyBlanket", "ROOT\\WMI");
	return 0;
}

static bool wmi_not_found(HRESULT hr)
{
	return hr == (HRESULT)WBEM_E_INVALID_CLASS || hr == (HRESULT)WBEM_E_NOT_FOUND;
}

/* The instance of @cls named @instance: *@obj to release, or -errno explained. */
static int wmi_instance(struct real *r, const char *cls, const char *instance,
			IWbemClassObject **obj, char *err)
{
	IEnumWbemClassObject *en = NULL;
	char query[400], *q;
	wchar_t wq[400];
	BSTR lang = NULL, bq = NULL;
	ULONG n = 0;
	HRESULT hr;
	int ret = wmi_connect(r, err);

	*obj = NULL;
	if (ret)
		return ret;
	/* the class name is ours; the instance name is the adapter's: escape it for WQL */
	for (const char *c = cls; *c; c++)
		if (!((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || *c == '_' ||
		      (*c >= '0' && *c <= '9'))) {
			snprintf(err, VNET_WIN_ERR, "WMI class \"%.40s\": not a class name", cls);
			return -EINVAL;
		}
	q = query + snprintf(query, sizeof(query), "SELECT * FROM %.60s WHERE InstanceName='", cls);
	for (const char *c = instance; *c; c++) {
		if (q + 4 >= query + sizeof(query)) {
			snprintf(err, VNET_WIN_ERR, "WMI instance name too long");
			return -ENAMETOOLONG;
		}
		if (*c == '\'' || *c == '\\')
			*q++ = '\\';
		*q++ = *c;
	}
	*q++ = '\'';
	*q = '\0';
	ret = to_wide(query, wq, ARRAY_SIZE(wq), err);
	if (ret)
		return ret;
	lang = SysAllocString(L"WQL");
	bq = SysAllocString(wq);
	if (!lang || !bq) {
		SysFreeString(lang);
		SysFreeString(bq);
		return hr_fail(err, E_OUTOFMEMORY, "SysAllocString", cls);
	}
	hr = IWbemServices_ExecQuery(r->services, lang, bq,
				     WBEM_FLAG_FORWARD_ONLY | WBEM_FLAG_RETURN_IMMEDIATELY, NULL,
				     &en);
	SysFreeString(lang);
	SysFreeString(bq);
	if (SUCCEEDED(hr))
		hr = IEnumWbemClassObject_Next(en, WMI_TIMEOUT_MS, 1, obj, &n);
	if (en)
		IEnumWbemClassObject_Release(en);
	if (wmi_not_found(hr)) {
		snprintf(err, VNET_WIN_ERR, "WMI class %s is not registered (an older NetKVM?)", cls);
		return -ENOENT;
	}
	if (hr == (HRESULT)WBEM_S_TIMEDOUT) {
		snprintf(err, VNET_WIN_ERR, "WMI %s: no answer in %d ms", cls, WMI_TIMEOUT_MS);
		return -ETIMEDOUT;
	}
	if (FAILED(hr))
		return hr_fail(err, hr, "IWbemServices::ExecQuery", cls);
	if (!n || !*obj) {
		*obj = NULL;
		snprintf(err, VNET_WIN_ERR, "WMI %s has no instance \"%.60s\"", cls, instance);
		return -ENOENT;
	}
	return 0;
}

static int add_props(IWbemClassObject *obj, const char *prefix, int depth,
		     struct vnet_win_wmi_prop *props, size_t *n, char *err)
{
	HRESULT hr = IWbemClassObject_BeginEnumeration(obj, WBEM_FLAG_NONSYSTEM_ONLY);
	int ret = 0;

	if (FAILED(hr))
		return hr_fail(err, hr, "IWbemClassObject::BeginEnumeration", prefix);
	for (;;) {
		struct vnet_win_wmi_prop *p;
		BSTR name = NULL;
		VARIANT v;
		CIMTYPE ct = 0;
		char pname[48];

		VariantInit(&v);
		hr = IWbemClassObject_Next(obj, 0, &name, &v, &ct, NULL);
		if (hr != WBEM_S_NO_ERROR) {
			if (FAILED(hr))
				ret = hr_fail(err, hr, "IWbemClassObject::Next", prefix);
			break;
		}
		from_wide(name, SysStringLen(name), pname, sizeof(pname));
		SysFreeString(name);
		if (*n >= MAX_WMI_PROPS) {
			VariantClear(&v);
			snprintf(err, VNET_WIN_ERR, "WMI: more than %d properties", MAX_WMI_PROPS);
			ret = -E2BIG;
			break;
		}
		p = &props[*n];
		memset(p, 0, sizeof(*p));
		if (vnet_path(p->name, sizeof(p->name), "%s%s%s", prefix, *prefix ? "." : "",
			      pname)) {
			VariantClear(&v);
			continue;	/* a name this long is none the backend reads */
		}
		switch (V_VT(&v)) {
		case VT_BOOL:
			p->type = VNET_WIN_WMI_BOOL;
			p->num = V_BOOL(&v) != VARIANT_FALSE;
			(*n)++;
			break;
		case VT_I1: case VT_UI1: case VT_I2: case VT_UI2:
		case VT_I4: case VT_UI4: case VT_INT: case VT_UINT: {
			VARIANT i8;

			VariantInit(&i8);
			if (SUCCEEDED(VariantChangeType(&i8, &v, 0, VT_I8))) {
				p->type = VNET_WIN_WMI_INT;
				/* uint32 arrives as VT_I4: keep it unsigned */
				p->num = (ct == CIM_UINT32 || ct == CIM_UINT16 || ct == CIM_UINT8) &&
					 V_VT(&v) == VT_I4 ? (int64_t)(uint32_t)V_I4(&v) : V_I8(&i8);
				(*n)++;
			}
			break;
		}
		case VT_BSTR:
			/* WMI hands 64-bit integers over as strings */
			if (ct == CIM_UINT64 || ct == CIM_SINT64) {
				p->type = VNET_WIN_WMI_INT;
				p->num = (int64_t)_wcstoui64(V_BSTR(&v), NULL, 10);
			} else {
				p->type = VNET_WIN_WMI_STRING;
				from_wide(V_BSTR(&v), SysStringLen(V_BSTR(&v)), p->str,
					  sizeof(p->str));
			}
			(*n)++;
			break;
		case VT_UNKNOWN: {
			IWbemClassObject *sub = NULL;

			/* an embedded object (NetKvm_Diag.tx): flattened "tx.Dropped" */
			if (depth < 2 && V_UNKNOWN(&v) &&
			    SUCCEEDED(IUnknown_QueryInterface(V_UNKNOWN(&v), &wbem_object_iid,
							      (void **)&sub))) {
				ret = add_props(sub, p->name, depth + 1, props, n, err);
				IWbemClassObject_Release(sub);
			}
			break;
		}
		default:	/* VT_NULL, arrays: nothing the backend reads */
			break;
		}
		VariantClear(&v);
		if (ret)
			break;
	}
	IWbemClassObject_EndEnumeration(obj);
	return ret;
}

static int real_wmi_get(void *priv, const char *cls, const char *instance,
			struct vnet_win_wmi_prop **props, size_t *n, char *err)
{
	IWbemClassObject *obj;
	int ret = wmi_instance(priv, cls, instance, &obj, err);

	*props = NULL;
	*n = 0;
	if (ret)
		return ret;
	*props = calloc(MAX_WMI_PROPS, sizeof(**props));
	if (!*props) {
		IWbemClassObject_Release(obj);
		snprintf(err, VNET_WIN_ERR, "out of memory");
		return -ENOMEM;
	}
	ret = add_props(obj, "", 0, *props, n, err);
	IWbemClassObject_Release(obj);
	if (ret) {
		free(*props);
		*props = NULL;
		*n = 0;
	}
	return ret;
}

static int real_wmi_set_logging(void *priv, const char *instance, uint32_t level, char *err)
{
	struct real *r = priv;
	IWbemClassObject *obj;
	VARIANT v;
	HRESULT hr;
	int ret = wmi_instance(r, "NetKvm_Logging", instance, &obj, err);

	if (ret)
		return ret;
	VariantInit(&v);
	V_VT(&v) = VT_I4;	/* WMI takes a uint32 as VT_I4 */
	V_I4(&v) = (LONG)level;
	hr = IWbemClassObject_Put(obj, L"level", 0, &v, 0);
	if (FAILED(hr))
		ret = hr_fail(err, hr, "IWbemClassObject::Put", "NetKvm_Logging.level");
	else {
		hr = IWbemServices_PutInstance(r->services, obj, WBEM_FLAG_UPDATE_ONLY, NULL, NULL);
		if (FAILED(hr))
			ret = hr_fail(err, hr, "IWbemServices::PutInstance", "NetKvm_Logging");
	}
	IWbemClassObject_Release(obj);
	return ret;
}

static int real_online_cpus(void *priv, uint32_t *n, char *err)
{
	DWORD got = GetActiveProcessorCount(ALL_PROCESSOR_GROUPS);

	(void)priv;
	*n = got;
	if (!got)
		return win_fail(err, GetLastError(), "GetActiveProcessorCount", "all groups");
	return 0;
}

static void real_close(void *priv)
{
	struct real *r = priv;

	if (!r)
		return;
	if (r->services)
		IWbemServices_Release(r->services);
	if (r->locator)
		IWbemLocator_Release(r->locator);
	if (r->com_init)
		CoUninitialize();
	free(r);
}

int vnet_win_api_real(struct vnet_win_api *api, char *err)
{
	struct real *r = calloc(1, sizeof(*r));

	if (!r) {
		snprintf(err, VNET_WIN_ERR, "out of memory");
		return -ENOMEM;
	}
	*api = (struct vnet_win_api){
		.name = "windows",
		.priv = r,
		.enum_devices = real_enum_devices,
		.reg_get = vnet_win_reg_get,
		.reg_subkey = vnet_win_reg_subkey,
		.reg_value = vnet_win_reg_value,
		.reg_set_sz = vnet_win_reg_set_sz,
		.reg_delete = vnet_win_reg_delete,
		.wmi_get = real_wmi_get,
		.wmi_set_logging = real_wmi_set_logging,
		.netkvmd_query = real_netkvmd_query,
		.if_row = real_if_row,
		.restart = real_restart,
		.online_cpus = real_online_cpus,
		.close = real_close,
	};
	return 0;
}
