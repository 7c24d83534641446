// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * backend.c - the "windows" backend: NetKVM adapters on Windows
 *
 * Everything Windows says comes through the seam of winapi.h: the real APIs
 * (winapi-real.c), or a fixture directory with the real registry
 * (winapi-fixture.c, -O windows.fixture=DIR).  Facts and their limits are in
 * reference/netkvm.md; what NetKVM does not tell user mode stays unknown
 * with the reason.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "../bundle.h"
#include "../internal.h"
#include "winapi.h"

#define MAX_PARAMS		128	/* Ndi\Params subkeys: the INF has about 40 */
#define NETKVMD_ENTRIES		256	/* netkvmp's buffer */
#define NETKVMD_ENTRY_SIZE	64

/*
 * NETKVMD_ADAPTER (Common/netkvmd.h), natural alignment; the driver fills
 * it, so these offsets are the ABI (reference/netkvm.md 2.1).
 */
struct netkvmd_adapter {
	uint8_t mac[6];
	uint8_t virtio;
	uint8_t is_standby;
	uint8_t virtio_link;
	uint8_t suppress_link;
	uint8_t started;
	uint8_t has_vf;
	uint32_t vf_ifindex;
	uint8_t vf_link;
	uint8_t reserved[47];
};
_Static_assert(offsetof(struct netkvmd_adapter, virtio) == 6, "NETKVMD_ADAPTER.Virtio");
_Static_assert(offsetof(struct netkvmd_adapter, has_vf) == 11, "NETKVMD_ADAPTER.HasVf");
_Static_assert(offsetof(struct netkvmd_adapter, vf_ifindex) == 12, "NETKVMD_ADAPTER.VfIfIndex");
_Static_assert(offsetof(struct netkvmd_adapter, vf_link) == 16, "NETKVMD_ADAPTER.VfLink");
_Static_assert(sizeof(struct netkvmd_adapter) == NETKVMD_ENTRY_SIZE, "NETKVMD_ADAPTER size");

#define NO_NEGOTIATED	"NetKVM does not report negotiated feature bits"

struct win {
	struct vnet_win_api api;
};

static struct vnet_win_api *api_of(struct vnet_ctx *ctx)
{
	return &((struct win *)ctx->backend_priv)->api;
}

static void win_config(struct vnet_ctx *ctx)
{
	vnet_param_define(ctx, "windows.fixture", "", "VNET_WINDOWS_FIXTURE",
			  "serve SetupAPI, WMI, \\\\.\\NETKVMD, IP Helper and restarts from this "
			  "fixture directory (the registry stays real)");
}

static int win_detect(struct vnet_ctx *ctx)
{
	(void)ctx;
	return 0;
}

static int win_init(struct vnet_ctx *ctx)
{
	const char *dir = vnet_param_get(ctx, "windows.fixture");
	struct win *w = calloc(1, sizeof(*w));
	char err[VNET_WIN_ERR] = "";
	int ret;

	if (!w)
		return vnet_oom(ctx);
	ret = *dir ? vnet_win_api_fixture(&w->api, dir, err) : vnet_win_api_real(&w->api, err);
	if (ret) {
		free(w);
		return vnet_set_error(ctx, ret, "windows backend: %s", err);
	}
	ctx->backend_priv = w;
	return 0;
}

static void win_cleanup(struct vnet_ctx *ctx)
{
	struct win *w = ctx->backend_priv;

	if (!w)
		return;
	w->api.close(w->api.priv);
	free(w);
	ctx->backend_priv = NULL;
}

/* ---- identity ------------------------------------------------------------------------- */

static bool contains_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (!strncasecmp(hay, needle, n))
			return true;
	return false;
}

static bool is_netkvm(const struct vnet_win_device *d)
{
	return contains_ci(d->hardware_ids, "PCI\\VEN_1AF4&DEV_1000") ||
	       contains_ci(d->hardware_ids, "PCI\\VEN_1AF4&DEV_1041") ||
	       !strcasecmp(d->service, "netkvm");
}

/*
 * SPDRP_LOCATION_INFORMATION "PCI bus 0, device 3, function 0": Windows
 * does not say the PCI domain, taken as 0000 (QEMU has one but with pxb).
 */
static void slot_of(const char *location, char slot[32])
{
	unsigned int bus, dev, fn;
	int end = 0;

	slot[0] = '\0';
	if (sscanf(location, "PCI bus %u, device %u, function %u%n", &bus, &dev, &fn, &end) == 3 &&
	    !location[end] && bus < 256 && dev < 32 && fn < 8)
		snprintf(slot, 32, "0000:%02x:%02x.%x", bus, dev, fn);
}

static void format_mac(const uint8_t mac[6], char out[18])
{
	static const uint8_t zero[6];

	if (!memcmp(mac, zero, 6)) {
		out[0] = '\0';
		return;
	}
	vnet_mac_format(mac, out);
}

/* A registry value as text; "" when absent or unreadable. */
static void reg_text(struct vnet_win_api *api, const char *path, const char *value, char *buf,
		     size_t len)
{
	enum vnet_win_reg_type type;
	char err[VNET_WIN_ERR];

	if (!*path || api->reg_get(api->priv, path, value, &type, buf, len, err) ||
	    (type != VNET_WIN_REG_SZ && type != VNET_WIN_REG_DWORD))
		buf[0] = '\0';
}

/* The facts a NetKVM adapter has before its FEATURES group is read: all unknown. */
static void netkvm_unknown(struct vnet_netkvm *nk)
{
	free(nk->params);
	nk->params = NULL;
	nk->n_params = 0;
	nk->driver_desc[0] = nk->driver_version[0] = nk->driver_date[0] = '\0';
	nk->wmi_gen = VNET_NKW_UNKNOWN;
	nk->wmi_error[0] = nk->netkvmd_error[0] = '\0';
	nk->num_queues = nk->rx_buffers_posted = nk->tx_queue_size = nk->memory_kb = VNET_UNKNOWN;
	nk->init_time_ms = nk->lazy_alloc_time_ms = INT32_MIN;
	nk->rsc_v4 = nk->rsc_v6 = nk->uso_v4 = nk->uso_v6 = nk->standby = VNET_TRI_UNKNOWN;
	nk->debug_level = VNET_UNKNOWN;
	nk->rss_supported = nk->hash_supported = nk->rss_on = VNET_TRI_UNKNOWN;
	memset(&nk->netkvmd, 0, sizeof(nk->netkvmd));
}

/*
 * Identity of one adapter: the interface alias is its name (the IP Helper
 * row of the driver key's NetCfgInstanceId); no interface: ifname "".
 */
static int identity(struct vnet_ctx *ctx, struct vnet_dev *dev, const struct vnet_win_device *wd)
{
	struct vnet_win_api *api = api_of(ctx);
	struct vnet_netkvm *nk = dev->netkvm;
	struct vnet_win_ifrow row;
	char err[VNET_WIN_ERR];

	if (!nk) {
		nk = calloc(1, sizeof(*nk));
		if (!nk)
			return vnet_oom(ctx);
		dev->netkvm = nk;
		netkvm_unknown(nk);
	}
	vnet_strcpy(nk->instance_id, wd->instance_id, sizeof(nk->instance_id));
	vnet_strcpy(nk->driver_key, wd->driver_key, sizeof(nk->driver_key));
	vnet_strcpy(nk->service, wd->service, sizeof(nk->service));
	reg_text(api, nk->driver_key, "NetCfgInstanceId", nk->netcfg_instance_id,
		 sizeof(nk->netcfg_instance_id));
	vnet_strcpy(dev->bus, "pci", sizeof(dev->bus));
	vnet_strcpy(dev->driver, "netkvm", sizeof(dev->driver));
	dev->virtio_name[0] = '\0';
	slot_of(wd->location, dev->pci.slot);
	dev->ifname[0] = '\0';
	dev->ifindex = VNET_UNKNOWN;
	nk->description[0] = '\0';
	if (*nk->netcfg_instance_id &&
	    !api->if_row(api->priv, nk->netcfg_instance_id, &row, err)) {
		vnet_strcpy(dev->ifname, row.alias, sizeof(dev->ifname));
		dev->ifindex = row.if_index;
		vnet_strcpy(nk->description, row.description, sizeof(nk->description));
		/* the MAC names the device too (vnet_dev_matches) before LINK is read */
		format_mac(row.mac, dev->link.mac);
	}
	return 0;
}

static int win_scan(struct vnet_ctx *ctx, struct vnet_dev_list *list)
{
	struct vnet_win_api *api = api_of(ctx);
	struct vnet_win_device *wd;
	char err[VNET_WIN_ERR] = "";
	size_t n;
	int ret = api->enum_devices(api->priv, &wd, &n, err);

	if (ret)
		return vnet_set_error(ctx, ret, "%s", err);
	for (size_t i = 0; i < n && !ret; i++) {
		struct vnet_dev *dev;

		if (!is_netkvm(&wd[i]))
			continue;
		dev = vnet_dev_alloc();
		if (!dev) {
			ret = vnet_oom(ctx);
			break;
		}
		ret = identity(ctx, dev, &wd[i]);
		if (!ret && vnet_dev_list_append(list, dev))
			ret = vnet_oom(ctx);
		if (ret)
			vnet_dev_free(dev);
	}
	free(wd);
	return ret;
}

static int win_identify(struct vnet_ctx *ctx, struct vnet_dev *dev)
{
	struct vnet_win_api *api = api_of(ctx);
	struct vnet_win_device *wd;
	char err[VNET_WIN_ERR] = "";
	size_t n;
	int ret;

	if (!dev->netkvm)
		return vnet_set_error(ctx, -ENODEV, "not a NetKVM adapter");
	ret = api->enum_devices(api->priv, &wd, &n, err);
	if (ret)
		return vnet_set_error(ctx, ret, "%s", err);
	ret = vnet_set_error(ctx, -ENODEV, "%s: the adapter is gone", dev->netkvm->instance_id);
	for (size_t i = 0; i < n; i++)
		if (!strcasecmp(wd[i].instance_id, dev->netkvm->instance_id)) {
			vnet_clear_error(ctx);
			ret = identity(ctx, dev, &wd[i]);
			break;
		}
	free(wd);
	return ret;
}

/* ---- PCI ----------------------------------------------------------------------------- */

/* "&KEY_" followed by hex digits in @id: their value, or VNET_UNKNOWN. */
static uint32_t id_field(const char *id, const char *key, unsigned int digits)
{
	const char *p = id;
	size_t n = strlen(key);

	for (; *p; p++) {
		uint32_t v = 0;
		unsigned int i;

		if (strncasecmp(p, key, n))
			continue;
		for (i = 0; i < digits; i++) {
			char c = p[n + i];
			int d = c >= '0' && c <= '9' ? c - '0' :
				c >= 'a' && c <= 'f' ? c - 'a' + 10 :
				c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;

			if (d < 0)
				break;
			v = v << 4 | (uint32_t)d;
		}
		if (i == digits && (!p[n + i] || p[n + i] == '&' || p[n + i] == '\\' ||
				    p[n + i] == '\n'))
			return v;
	}
	return VNET_UNKNOWN;
}

static int fill_pci(struct vnet_ctx *ctx, struct vnet_dev *dev)
{
	struct vnet_win_api *api = api_of(ctx);
	struct vnet_win_device *wd;
	const struct vnet_win_device *me = NULL;
	char err[VNET_WIN_ERR] = "";
	struct vnet_pci *pci = &dev->pci;
	uint32_t sub;
	size_t n;
	int ret = api->enum_devices(api->priv, &wd, &n, err);

	if (ret)
		return vnet_set_error(ctx, ret, "%s", err);
	for (size_t i = 0; i < n && !me; i++)
		if (!strcasecmp(wd[i].instance_id, dev->netkvm->instance_id))
			me = &wd[i];
	if (!me) {
		free(wd);
		return vnet_set_error(ctx, -ENODEV, "%s: the adapter is gone",
				      dev->netkvm->instance_id);
	}
	/* the most specific hardware id comes first: VEN, DEV, SUBSYS, REV */
	pci->vendor_id = id_field(me->hardware_ids, "VEN_", 4);
	pci->device_id = id_field(me->hardware_ids, "DEV_", 4);
	sub = id_field(me->hardware_ids, "SUBSYS_", 8);
	if (sub != VNET_UNKNOWN) {
		pci->subsystem_id = sub >> 16;
		pci->subsystem_vendor_id = sub & 0xffff;
	}
	pci->revision = id_field(me->hardware_ids, "REV_", 2);
	pci->class_code = id_field(me->hardware_ids, "CC_", 6);
	/*
	 * DEV_1041 is modern.  DEV_1000 is a transitional device: Windows
	 * shows no capability list, and NetKVM does not tell a legacy-only
	 * device (disable-modern=on) from a transitional one, so the model's
	 * classification, which needs the list, keeps this answer.
	 */
	if (pci->vendor_id == 0x1af4 && pci->device_id == 0x1041)
		pci->mode = VNET_MODE_MODERN;
	else if (pci->vendor_id == 0x1af4 && pci->device_id == 0x1000)
		pci->mode = VNET_MODE_TRANSITIONAL;
	/* configuration space and MSI-X are not shown to user mode by Windows: unknown */
	pci->caps_state = VNET_CAPS_UNKNOWN;
	free(wd);
	return 0;
}

/* ---- the machine ------------------------------------------------------------------------ */

#define BIOS_KEY "HARDWARE\\DESCRIPTION\\System\\BIOS"

/*
 * What Windows keeps of SMBIOS (the BIOS key: QEMU's "QEMU", "Standard PC
 * (Q35 + ICH9, 2009)", "pc-q35-8.2") and the first virtio-net function's
 * ids: the VMM evidence a guest has here; the processors Windows runs on.
 * MSI vectors, the IOMMU and the ACPI tables stay unknown: the seam does
 * not read them.
 */
static int win_system(struct vnet_ctx *ctx, struct vnet_system *sys)
{
	struct vnet_win_api *api = api_of(ctx);
	struct vnet_win_device *wd;
	char err[VNET_WIN_ERR] = "";
	size_t n;
	int ret;

	reg_text(api, BIOS_KEY, "SystemManufacturer", sys->vendor, sizeof(sys->vendor));
	reg_text(api, BIOS_KEY, "SystemProductName", sys->product, sizeof(sys->product));
	reg_text(api, BIOS_KEY, "SystemVersion", sys->machine, sizeof(sys->machine));
	if (*sys->vendor)
		sys->dmi = VNET_TRI_YES;
	if (api->online_cpus(api->priv, &sys->online_cpus, err))
		sys->online_cpus = VNET_UNKNOWN;
	ret = api->enum_devices(api->priv, &wd, &n, err);
	if (ret)
		return vnet_set_error(ctx, ret, "%s", err);
	for (size_t i = 0; i < n; i++) {
		struct vnet_vmm_facts *f = &sys->vmm_facts;
		uint32_t sub;

		if (!strncasecmp(wd[i].instance_id, "PCI\\", 4))
			f->pci = VNET_TRI_YES;
		if (!is_netkvm(&wd[i]) || f->net_vendor != VNET_UNKNOWN)
			continue;
		f->net_vendor = id_field(wd[i].hardware_ids, "VEN_", 4);
		f->net_device = id_field(wd[i].hardware_ids, "DEV_", 4);
		sub = id_field(wd[i].hardware_ids, "SUBSYS_", 8);
		if (sub != VNET_UNKNOWN) {
			f->net_subsystem_device = sub >> 16;
			f->net_subsystem_vendor = sub & 0xffff;
		}
		f->net_class = id_field(wd[i].hardware_ids, "CC_", 6);
	}
	free(wd);
	return 0;
}

/* ---- FEATURES: the NetKVM facts ----------------------------------------------------------- */

static bool parse_i64(const char *text, int64_t *v)
{
	char *end;

	if (!*text)
		return false;
	errno = 0;
	*v = strtoll(text, &end, 0);
	return !errno && !*end;
}

static enum vnet_netkvm_param_type param_type(const char *t)
{
	static const char *const ints[] = { "int", "long", "word", "dword" };

	if (!strcasecmp(t, "enum"))
		return VNET_NKP_ENUM;
	if (!strcasecmp(t, "edit"))
		return VNET_NKP_EDIT;
	for (size_t i = 0; i < ARRAY_SIZE(ints); i++)
		if (!strcasecmp(t, ints[i]))
			return VNET_NKP_INT;
	return VNET_NKP_UNKNOWN;
}

static void read_enum(struct vnet_win_api *api, const char *key, struct vnet_netkvm_param *p)
{
	char path[400], name[64], err[VNET_WIN_ERR];

	if (vnet_path(path, sizeof(path), "%s\\Enum", key))
		return;
	for (unsigned int i = 0; p->n_values < ARRAY_SIZE(p->values) && i < 256; i++) {
		struct vnet_netkvm_enum_value *e = &p->values[p->n_values];

		if (api->reg_value(api->priv, path, i, name, sizeof(name), err))
			break;
		/* a name or text that does not fit is none the driver defines: skipped */
		if (!*name || !vnet_strcpy(e->value, name, sizeof(e->value)))
			continue;
		reg_text(api, path, name, e->desc, sizeof(e->desc));
		p->n_values++;
	}
}

static void read_param(struct vnet_win_api *api, const struct vnet_netkvm *nk, const char *kw,
		       struct vnet_netkvm_param *p)
{
	char key[400], text[64], err[VNET_WIN_ERR];
	enum vnet_win_reg_type type;
	int64_t v;

	memset(p, 0, sizeof(*p));
	vnet_strcpy(p->keyword, kw, sizeof(p->keyword));
	/* the INF's defaults when it leaves them out (netkvmco's RegParam.cpp) */
	p->min = 0;
	p->max = -1;
	p->step = 1;
	if (vnet_path(key, sizeof(key), "%s\\Ndi\\Params\\%s", nk->driver_key, kw))
		return;
	reg_text(api, key, "ParamDesc", p->desc, sizeof(p->desc));
	reg_text(api, key, "Type", text, sizeof(text));
	p->type = param_type(text);
	reg_text(api, key, "Default", p->inf_default, sizeof(p->inf_default));
	reg_text(api, key, "Min", text, sizeof(text));
	if (parse_i64(text, &v))
		p->min = v;
	reg_text(api, key, "Max", text, sizeof(text));
	if (parse_i64(text, &v))
		p->max = v;
	reg_text(api, key, "Step", text, sizeof(text));
	if (parse_i64(text, &v) && v > 0)
		p->step = v;
	reg_text(api, key, "Optional", text, sizeof(text));
	p->optional = parse_i64(text, &v) && v == 1;
	if (p->type == VNET_NKP_ENUM)
		read_enum(api, key, p);
	p->present = !api->reg_get(api->priv, nk->driver_key, kw, &type, p->value,
				   sizeof(p->value), err) &&
		     (type == VNET_WIN_REG_SZ || type == VNET_WIN_REG_DWORD);
	if (!p->present)
		p->value[0] = '\0';
}

static int read_params(struct vnet_ctx *ctx, struct vnet_netkvm *nk)
{
	struct vnet_win_api *api = api_of(ctx);
	char path[300], kw[64], err[VNET_WIN_ERR];

	if (!*nk->driver_key ||
	    vnet_path(path, sizeof(path), "%s\\Ndi\\Params", nk->driver_key))
		return 0;
	nk->params = calloc(MAX_PARAMS, sizeof(*nk->params));
	if (!nk->params)
		return vnet_oom(ctx);
	for (unsigned int i = 0; nk->n_params < MAX_PARAMS && i < 4 * MAX_PARAMS; i++) {
		if (api->reg_subkey(api->priv, path, i, kw, sizeof(kw), err))
			break;
		if (!*kw || strlen(kw) >= sizeof(nk->params->keyword))
			continue;
		read_param(api, nk, kw, &nk->params[nk->n_params++]);
	}
	return 0;
}

static const struct vnet_win_wmi_prop *prop(const struct vnet_win_wmi_prop *p, size_t n,
					    const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcasecmp(p[i].name, name))
			return &p[i];
	return NULL;
}

static uint32_t prop_u32(const struct vnet_win_wmi_prop *p, size_t n, const char *name)
{
	const struct vnet_win_wmi_prop *v = prop(p, n, name);

	return v && v->type == VNET_WIN_WMI_INT && v->num >= 0 && v->num < VNET_UNKNOWN ?
	       (uint32_t)v->num : VNET_UNKNOWN;
}

static int32_t prop_s32(const struct vnet_win_wmi_prop *p, size_t n, const char *name)
{
	const struct vnet_win_wmi_prop *v = prop(p, n, name);

	return v && v->type == VNET_WIN_WMI_INT && v->num > INT32_MIN && v->num <= INT32_MAX ?
	       (int32_t)v->num : INT32_MIN;
}

/* A boolean, or a sint32 flag (UsoEnabledv4) */
static enum vnet_tri prop_tri(const struct vnet_win_wmi_prop *p, size_t n, const char *name)
{
	const struct vnet_win_wmi_prop *v = prop(p, n, name);

	if (!v || v->type == VNET_WIN_WMI_STRING)
		return VNET_TRI_UNKNOWN;
	return v->num ? VNET_TRI_YES : VNET_TRI_NO;
}

/*
 * The WMI classes: which ones the driver registers tells its generation
 * (reference/netkvm.md 2.2): NetKvm_Config since mm268, its InitTimeMs
 * since mm312, UsoEnabledv4 since mm320; before mm268 NetKvm_Statistics.
 */
static int read_wmi(struct vnet_ctx *ctx, struct vnet_netkvm *nk)
{
	struct vnet_win_api *api = api_of(ctx);
	struct vnet_win_wmi_prop *p = NULL;
	char err[VNET_WIN_ERR] = "";
	size_t n = 0;
	int ret;

	if (!*nk->description) {
		vnet_strcpy(nk->wmi_error, "no interface: WMI names an adapter by its interface "
			    "description", sizeof(nk->wmi_error));
		return 0;
	}
	ret = api->wmi_get(api->priv, "NetKvm_Config", nk->description, &p, &n, err);
	if (!ret) {
		nk->wmi_gen = prop(p, n, "UsoEnabledv4") ? VNET_NKW_USO :
			      prop(p, n, "InitTimeMs") ? VNET_NKW_CTRL : VNET_NKW_DIAG;
		nk->num_queues = prop_u32(p, n, "NumOfQueues");
		if (nk->num_queues != VNET_UNKNOWN && nk->num_queues > VNET_MAX_QUEUE_PAIRS)
			nk->num_queues = VNET_UNKNOWN;
		nk->rx_buffers_posted = prop_u32(p, n, "RxQueueSize");
		nk->tx_queue_size = prop_u32(p, n, "TxQueueSize");
		nk->memory_kb = prop_u32(p, n, "MemoryKB");
		nk->init_time_ms = prop_s32(p, n, "InitTimeMs");
		nk->lazy_alloc_time_ms = prop_s32(p, n, "LazyAllocTimeMs");
		nk->rsc_v4 = prop_tri(p, n, "RscEnabledv4");
		nk->rsc_v6 = prop_tri(p, n, "RscEnabledv6");
		nk->uso_v4 = prop_tri(p, n, "UsoEnabledv4");
		nk->uso_v6 = prop_tri(p, n, "UsoEnabledv6");
		nk->standby = prop_tri(p, n, "Standby");
		free(p);
		p = NULL;
		if (!api->wmi_get(api->priv, "NetKvm_Diag", nk->description, &p, &n, err)) {
			nk->rss_supported = prop_tri(p, n, "rss.DeviceRssSupport");
			nk->hash_supported = prop_tri(p, n, "rss.DeviceHashSupport");
			nk->rss_on = prop_tri(p, n, "rss.DeviceRssOn");
		}
	} else if (ret == -ENOENT) {
		char config_err[VNET_WIN_ERR];

		memcpy(config_err, err, sizeof(err));
		ret = api->wmi_get(api->priv, "NetKvm_Statistics", nk->description, &p, &n, err);
		if (ret) {
			vnet_strcpy(nk->wmi_error, config_err, sizeof(nk->wmi_error));
			free(p);
			return 0;
		}
		nk->wmi_gen = VNET_NKW_STATISTICS;
		free(p);
		p = NULL;
		if (!api->wmi_get(api->priv, "NetKvm_RssDiagnostics", nk->description, &p, &n, err))
			nk->rss_supported = prop_tri(p, n, "DeviceSupport");
		free(p);
		p = NULL;
		if (!api->wmi_get(api->priv, "NetKvm_Standby", nk->description, &p, &n, err))
			nk->standby = prop_tri(p, n, "value");
	} else {
		vnet_strcpy(nk->wmi_error, err, sizeof(nk->wmi_error));
		return 0;
	}
	free(p);
	p = NULL;
	if (!api->wmi_get(api->priv, "NetKvm_Logging", nk->description, &p, &n, err))
		nk->debug_level = prop_u32(p, n, "level");
	free(p);
	return 0;
}

static void read_netkvmd(struct vnet_ctx *ctx, struct vnet_netkvm *nk)
{
	struct vnet_win_api *api = api_of(ctx);
	char err[VNET_WIN_ERR] = "";
	struct vnet_win_ifrow row;
	uint8_t *buf;
	size_t got = 0;

	if (!*nk->netcfg_instance_id ||
	    api->if_row(api->priv, nk->netcfg_instance_id, &row, err)) {
		char why[sizeof(err) + 64];

		snprintf(why, sizeof(why), "no interface: NETKVMD names an adapter by its MAC%s%s",
			 *err ? ": " : "", err);
		vnet_strcpy(nk->netkvmd_error, why, sizeof(nk->netkvmd_error));
		return;
	}
	buf = malloc(NETKVMD_ENTRIES * NETKVMD_ENTRY_SIZE);
	if (!buf) {
		vnet_strcpy(nk->netkvmd_error, "out of memory", sizeof(nk->netkvmd_error));
		return;
	}
	if (api->netkvmd_query(api->priv, buf, NETKVMD_ENTRIES * NETKVMD_ENTRY_SIZE, &got, err)) {
		vnet_strcpy(nk->netkvmd_error, err, sizeof(nk->netkvmd_error));
		free(buf);
		return;
	}
	snprintf(nk->netkvmd_error, sizeof(nk->netkvmd_error),
		 "\\\\.\\NETKVMD lists no adapter with this MAC (%zu entries)",
		 got / NETKVMD_ENTRY_SIZE);
	for (size_t off = 0; off + NETKVMD_ENTRY_SIZE <= got; off += NETKVMD_ENTRY_SIZE) {
		struct netkvmd_adapter a;

		memcpy(&a, buf + off, sizeof(a));
		if (memcmp(a.mac, row.mac, 6))
			continue;
		nk->netkvmd = (struct vnet_netkvmd_entry){
			.known = true,
			.virtio = a.virtio,
			.standby = a.is_standby,
			.virtio_link = a.virtio_link,
			.suppress_link = a.suppress_link,
			.started = a.started,
			.has_vf = a.has_vf,
			.vf_link = a.vf_link,
			/* Windows is little-endian, as the driver wrote it */
			.vf_ifindex = a.vf_ifindex,
		};
		nk->netkvmd_error[0] = '\0';
		break;
	}
	free(buf);
}

/*
 * A missing source (WMI not registered, the control device absent) leaves
 * its facts unknown with the reason in wmi_error / netkvmd_error: the
 * group still holds what the registry says.
 */
static int fill_features(struct vnet_ctx *ctx, struct vnet_dev *dev)
{
	struct vnet_win_api *api = api_of(ctx);
	struct vnet_netkvm *nk = dev->netkvm;
	int ret;

	netkvm_unknown(nk);
	/* NO_NEGOTIATED: nbits 0 is the model's "unknown" */
	memset(&dev->features, 0, sizeof(dev->features));
	reg_text(api, nk->driver_key, "NetCfgInstanceId", nk->netcfg_instance_id,
		 sizeof(nk->netcfg_instance_id));
	reg_text(api, nk->driver_key, "DriverDesc", nk->driver_desc, sizeof(nk->driver_desc));
	reg_text(api, nk->driver_key, "DriverVersion", nk->driver_version,
		 sizeof(nk->driver_version));
	reg_text(api, nk->driver_key, "DriverDate", nk->driver_date, sizeof(nk->driver_date));
	ret = read_params(ctx, nk);
	if (!ret)
		ret = read_wmi(ctx, nk);
	if (!ret)
		read_netkvmd(ctx, nk);
	return ret;
}

/* ---- LINK, CHANNELS, RINGS ----------------------------------------------------------------- */

static int read_row(struct vnet_ctx *ctx, const struct vnet_dev *dev, struct vnet_win_ifrow *row)
{
	struct vnet_win_api *api = api_of(ctx);
	char err[VNET_WIN_ERR] = "";
	int ret;

	if (!*dev->netkvm->netcfg_instance_id)
		return vnet_set_error(ctx, -ENOENT, "%s: no NetCfgInstanceId in the driver key",
				      dev->netkvm->instance_id);
	ret = api->if_row(api->priv, dev->netkvm->netcfg_instance_id, row, err);
	return ret ? vnet_set_error(ctx, ret, "%s", err) : 0;
}

static int fill_link(struct vnet_ctx *ctx, struct vnet_dev *dev)
{
	struct vnet_win_ifrow row;
	int ret = read_row(ctx, dev, &row);

	if (ret)
		return ret;
	dev->link.carrier = row.media_connected ? VNET_TRI_YES : VNET_TRI_NO;
	vnet_strcpy(dev->link.operstate, row.oper_up ? "up" : "down", sizeof(dev->link.operstate));
	/* 0 and all ones: the adapter does not know (no link) */
	if (row.rx_speed_bps && row.rx_speed_bps != UINT64_MAX &&
	    row.rx_speed_bps / 1000000 < VNET_UNKNOWN)
		dev->link.speed_mbps = (uint32_t)(row.rx_speed_bps / 1000000);
	format_mac(row.mac, dev->link.mac);
	format_mac(row.permanent_mac, dev->link.permanent_mac);
	if (row.mtu && row.mtu != VNET_UNKNOWN)
		dev->mtu.current = row.mtu;
	return 0;
}

static int read_config(struct vnet_ctx *ctx, const struct vnet_dev *dev, const char *field,
		       uint32_t *v)
{
	struct vnet_win_api *api = api_of(ctx);
	struct vnet_win_wmi_prop *p = NULL;
	char err[VNET_WIN_ERR] = "";
	size_t n = 0;
	int ret;

	if (!*dev->netkvm->description)
		return vnet_set_error(ctx, -ENOENT, "no interface: WMI names an adapter by its "
				      "interface description");
	ret = api->wmi_get(api->priv, "NetKvm_Config", dev->netkvm->description, &p, &n, err);
	if (ret)
		return vnet_set_error(ctx, ret, "%s: NetKVM shows %s only there", err, field);
	*v = prop_u32(p, n, field);
	free(p);
	if (*v == VNET_UNKNOWN)
		return vnet_set_error(ctx, -EINVAL, "NetKvm_Config.%s: absent or out of range",
				      field);
	return 0;
}

static int fill_channels(struct vnet_ctx *ctx, struct vnet_dev *dev)
{
	uint32_t queues;
	int ret = read_config(ctx, dev, "NumOfQueues", &queues);

	if (ret)
		return ret;
	if (queues > VNET_MAX_QUEUE_PAIRS)
		return vnet_set_error(ctx, -EINVAL, "NetKvm_Config.NumOfQueues %" PRIu32
				      ": more than %u queue pairs", queues, VNET_MAX_QUEUE_PAIRS);
	/*
	 * The queue pairs in use; the maximum stays unknown: NetKVM does not
	 * show the device's max_virtqueue_pairs (nor the *NumRssQueues limit
	 * it applied), and a count in use is not what the device offers.
	 */
	dev->channels.combined = queues;
	dev->channels.rx = dev->channels.tx = dev->channels.other = 0;
	return 0;
}

static int fill_rings(struct vnet_ctx *ctx, struct vnet_dev *dev)
{
	uint32_t tx;
	int ret = read_config(ctx, dev, "TxQueueSize", &tx);

	if (ret)
		return ret;
	/*
	 * TxQueueSize is queue 0's ring.  RxQueueSize is not a ring size: it
	 * counts the receive buffers posted right now (GetFreeRxBuffers()),
	 * so rx stays unknown.
	 */
	dev->rings.tx = tx;
	return 0;
}

static int win_fill(struct vnet_ctx *ctx, struct vnet_dev *dev, unsigned int group)
{
	if (!dev->netkvm)
		return vnet_set_error(ctx, -ENODEV, "not a NetKVM adapter");
	switch (group) {
	case VNET_FILL_PCI:
		return fill_pci(ctx, dev);
	case VNET_FILL_FEATURES:
		return fill_features(ctx, dev);
	case VNET_FILL_LINK:
		return fill_link(ctx, dev);
	case VNET_FILL_CHANNELS:
		return fill_channels(ctx, dev);
	case VNET_FILL_RINGS:
		return fill_rings(ctx, dev);
	case VNET_FILL_OFFLOADS:
		return vnet_set_error(ctx, -EOPNOTSUPP, "NetKVM's offloads are registry keywords "
				      "(the netkvm settings), not netdev features");
	case VNET_FILL_COALESCE:
		return vnet_set_error(ctx, -EOPNOTSUPP, "NetKVM has no interrupt moderation "
				      "(it refuses OID_GEN_INTERRUPT_MODERATION)");
	case VNET_FILL_IRQS:
		return vnet_set_error(ctx, -EOPNOTSUPP, "Windows does not show a device's "
				      "interrupt vectors to user mode");
	case VNET_FILL_QUEUES:
		return vnet_set_error(ctx, -EOPNOTSUPP, "Windows has no per-queue XPS/RPS/BQL "
				      "settings (RSS is the adapter's)");
	}
	return vnet_set_error(ctx, -EINVAL, "unknown group %#x", group);
}

/* ---- counters --------------------------------------------------------------------------- */

struct win_stats {
	char netcfg_instance_id[40];
	char description[128];
};

static int win_stats_open(struct vnet_ctx *ctx, struct vnet_dev *dev, void **priv)
{
	struct win_stats *s;

	if (!dev->netkvm || !*dev->netkvm->netcfg_instance_id)
		return vnet_set_error(ctx, -ENODEV, "%s: no network interface",
				      dev->netkvm ? dev->netkvm->instance_id : "?");
	s = calloc(1, sizeof(*s));
	if (!s)
		return vnet_oom(ctx);
	memcpy(s->netcfg_instance_id, dev->netkvm->netcfg_instance_id,
	       sizeof(s->netcfg_instance_id));
	memcpy(s->description, dev->netkvm->description, sizeof(s->description));
	*priv = s;
	return 0;
}

/* "tx.LowResources" -> "tx_low_resources", "txDropped" -> "tx_dropped": false when too long */
static bool counter_name(const char *wmi, char *out, size_t len)
{
	size_t o = 0;

	for (const char *c = wmi; *c; c++) {
		bool upper = *c >= 'A' && *c <= 'Z';
		char ch = *c == '.' ? '_' : upper ? (char)(*c - 'A' + 'a') : *c;

		if (upper && o && out[o - 1] != '_' &&
		    !(c[-1] >= 'A' && c[-1] <= 'Z' && !(c[1] >= 'a' && c[1] <= 'z'))) {
			if (o + 1 >= len)
				return false;
			out[o++] = '_';
		}
		if (o + 1 >= len)
			return false;
		out[o++] = ch;
	}
	out[o] = '\0';
	return o > 0;
}

static int add_extra(struct vnet_sample *s, const char *name, uint64_t value,
		     enum vnet_source source)
{
	struct vnet_extra_counter *e = realloc(s->extra, (s->n_extra + 1) * sizeof(*e));

	if (!e)
		return -ENOMEM;
	s->extra = e;
	memset(&e[s->n_extra], 0, sizeof(*e));
	vnet_strcpy(e[s->n_extra].name, name, sizeof(e->name));
	e[s->n_extra].value = value;
	e[s->n_extra].source = source;
	s->n_extra++;
	return 0;
}

/* NetKVM's own counters, per adapter: NetKvm_Diag (mm268 on), else NetKvm_Statistics. */
static int diag_counters(struct vnet_ctx *ctx, const struct win_stats *st, struct vnet_sample *s)
{
	static const char *const classes[] = { "NetKvm_Diag", "NetKvm_Statistics",
					       "NetKvm_RssDiagnostics" };
	struct vnet_win_api *api = api_of(ctx);
	int ret = 0;

	for (size_t c = 0; c < ARRAY_SIZE(classes) && !ret; c++) {
		struct vnet_win_wmi_prop *p = NULL;
		char err[VNET_WIN_ERR] = "";
		size_t n = 0;

		/* a class the driver's generation lacks: its counters do not exist */
		if (!*st->description ||
		    api->wmi_get(api->priv, classes[c], st->description, &p, &n, err))
			continue;
		for (size_t i = 0; i < n && !ret; i++) {
			char name[40];

			/*
			 * MinFreeBuffers are low-water marks, not counters (a rate of
			 * one means nothing): they are in a bundle's raw wmi.txt.
			 */
			if (p[i].type != VNET_WIN_WMI_INT || p[i].num < 0 ||
			    contains_ci(p[i].name, "MinFreeBuffers") ||
			    !counter_name(p[i].name, name, sizeof(name)))
				continue;
			ret = add_extra(s, name, (uint64_t)p[i].num, VNET_SRC_WMI);
		}
		free(p);
		if (c == 0 && !ret && n)
			break;	/* NetKvm_Diag: the older classes are gone */
	}
	return ret ? vnet_oom(ctx) : 0;
}

static int win_stats_sample(struct vnet_ctx *ctx, void *priv, struct vnet_sample *s)
{
	const struct win_stats *st = priv;
	struct vnet_win_api *api = api_of(ctx);
	struct vnet_win_ifrow row;
	struct vnet_queue_sample *q;
	char err[VNET_WIN_ERR] = "";
	struct timespec ts;
	int ret;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	s->mono_ns = (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
	clock_gettime(CLOCK_REALTIME, &ts);
	s->real_ns = (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
	ret = api->if_row(api->priv, st->netcfg_instance_id, &row, err);
	if (ret)
		return vnet_set_error(ctx, ret, "%s", err);
	/*
	 * NetKVM counts per adapter, never per queue (reference/netkvm.md 3):
	 * one entry, index 0, holds the adapter's totals, so that totals and
	 * rates add up; the queue table of a NetKVM adapter is not split.
	 */
	q = calloc(1, sizeof(*q));
	if (!q)
		return vnet_oom(ctx);
	s->queues = q;
	s->n_queues = 1;
	for (int d = 0; d < 2; d++)
		for (int m = 0; m < VNET_METRICS; m++)
			q->v[d][m] = VNET_UNKNOWN64;
	q->irq[0] = q->irq[1] = VNET_UNKNOWN;
	q->v[VNET_RX][VNET_M_PACKETS] = row.in_ucast + row.in_mcast + row.in_bcast;
	q->v[VNET_RX][VNET_M_BYTES] = row.in_octets;
	q->v[VNET_RX][VNET_M_DROPS] = row.in_discards;
	q->v[VNET_TX][VNET_M_PACKETS] = row.out_ucast + row.out_mcast + row.out_bcast;
	q->v[VNET_TX][VNET_M_BYTES] = row.out_octets;
	q->v[VNET_TX][VNET_M_DROPS] = row.out_discards;
	for (int d = 0; d < 2; d++) {
		s->source[d][VNET_M_PACKETS] = VNET_SRC_IFROW;
		s->source[d][VNET_M_BYTES] = VNET_SRC_IFROW;
		s->source[d][VNET_M_DROPS] = VNET_SRC_IFROW;
	}
	if (add_extra(s, "rx_errors", row.in_errors, VNET_SRC_IFROW) ||
	    add_extra(s, "tx_errors", row.out_errors, VNET_SRC_IFROW))
		return vnet_oom(ctx);
	return diag_counters(ctx, st, s);
}

static void win_stats_close(struct vnet_ctx *ctx, void *priv)
{
	(void)ctx;
	free(priv);
}

/* ---- writes ------------------------------------------------------------------------------ */

static int win_writable(struct vnet_ctx *ctx, const struct vnet_dev *dev)
{
	if (!dev->netkvm || !*dev->netkvm->driver_key)
		return vnet_set_error(ctx, -ENODEV, "%s: no driver key (is NetKVM installed?)",
				      dev->netkvm ? dev->netkvm->instance_id : dev->ifname);
	return 0;
}

static int win_apply(struct vnet_ctx *ctx, struct vnet_dev *dev, const struct vnet_write *w)
{
	struct vnet_win_api *api = api_of(ctx);
	char err[VNET_WIN_ERR] = "";
	bool reboot = false;
	int ret = win_writable(ctx, dev);

	if (ret)
		return ret;
	switch (w->kind) {
	case VNET_W_NETKVM_PARAM:
		/* a keyword is one registry value name: no path in it */
		if (!*w->keyword || strchr(w->keyword, '\\') ||
		    !memchr(w->keyword, '\0', sizeof(w->keyword)) ||
		    !memchr(w->data, '\0', sizeof(w->data)))
			return vnet_set_error(ctx, -EINVAL, "not a NetKVM keyword");
		ret = w->remove ? api->reg_delete(api->priv, dev->netkvm->driver_key, w->keyword,
						  err) :
				  api->reg_set_sz(api->priv, dev->netkvm->driver_key, w->keyword,
						  w->data, err);
		break;
	case VNET_W_NETKVM_LOGGING:
		if (!*dev->netkvm->description)
			return vnet_set_error(ctx, -ENOENT, "no interface: WMI names an adapter by "
					      "its interface description");
		ret = api->wmi_set_logging(api->priv, dev->netkvm->description, w->value, err);
		break;
	case VNET_W_NETKVM_RESTART:
		ret = api->restart(api->priv, dev->netkvm->instance_id, &reboot, err);
		if (!ret && reboot)
			/* the keywords are written; the driver reads them at the next boot */
			return vnet_set_error(ctx, -EINPROGRESS, "%s: Windows restarts the adapter "
					      "at the next reboot (DI_NEEDRESTART)",
					      dev->netkvm->instance_id);
		break;
	default:
		return vnet_set_error(ctx, -EOPNOTSUPP, "%s: NetKVM keeps it in a registry "
				      "keyword: set the NetKVM setting instead",
				      vnet_write_kind_name(w->kind));
	}
	return ret ? vnet_set_error(ctx, ret, "%s", err) : 0;
}

/* ---- support bundles ------------------------------------------------------------------------ */

struct raw {
	struct vnet_ctx *ctx;
	struct vnet_win_api *api;
	struct vnet_buf b;
};

static int addf(struct raw *raw, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int addf(struct raw *raw, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n < 0)
		return 0;
	return vnet_buf_add(&raw->b, line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
}

/* Every value of @path, then its subkeys to @depth: as "reg query /s" would, bounded. */
static int dump_key(struct raw *raw, const char *path, int depth)
{
	char name[256], value[256], sub[300], err[VNET_WIN_ERR];
	enum vnet_win_reg_type type;
	int ret = addf(raw, "[%s]\n", path);

	for (unsigned int i = 0; !ret && i < 512; i++) {
		if (raw->api->reg_value(raw->api->priv, path, i, name, sizeof(name), err))
			break;
		if (raw->api->reg_get(raw->api->priv, path, name, &type, value, sizeof(value), err))
			ret = addf(raw, "%s: %s\n", name, err);
		else if (type == VNET_WIN_REG_OTHER)
			ret = addf(raw, "%s (not text)\n", name);
		else
			ret = addf(raw, "%s%s=%s\n", name, type == VNET_WIN_REG_DWORD ? " (dword)" :
				   "", value);
	}
	for (unsigned int i = 0; !ret && depth > 0 && i < 4 * MAX_PARAMS; i++) {
		if (raw->api->reg_subkey(raw->api->priv, path, i, name, sizeof(name), err))
			break;
		if (vnet_path(sub, sizeof(sub), "%s\\%s", path, name))
			continue;
		ret = dump_key(raw, sub, depth - 1);
	}
	return ret;
}

static int dump_wmi(struct raw *raw, const char *instance)
{
	static const char *const classes[] = {
		"NetKvm_Logging", "NetKvm_Config", "NetKvm_Diag", "NetKvm_Statistics",
		"NetKvm_RssDiagnostics", "NetKvm_Standby",
	};
	int ret = 0;

	for (size_t c = 0; c < ARRAY_SIZE(classes) && !ret; c++) {
		struct vnet_win_wmi_prop *p = NULL;
		char err[VNET_WIN_ERR] = "";
		size_t n = 0;

		if (raw->api->wmi_get(raw->api->priv, classes[c], instance, &p, &n, err)) {
			ret = addf(raw, "[%s] %s\n", classes[c], err);
			continue;
		}
		ret = addf(raw, "[%s]\n", classes[c]);
		for (size_t i = 0; i < n && !ret; i++)
			ret = p[i].type == VNET_WIN_WMI_STRING ?
			      addf(raw, "%s=\"%s\"\n", p[i].name, p[i].str) :
			      addf(raw, "%s=%" PRId64 "\n", p[i].name, p[i].num);
		free(p);
	}
	return ret;
}

static int add_member(struct raw *raw, struct vnet_bundle_writer *w, const char *name)
{
	int ret = vnet_bundle_add(w, name, raw->b.data ? (const void *)raw->b.data : "",
				  raw->b.len);

	raw->b.len = 0;
	return ret == -ENOMEM ? vnet_oom(raw->ctx) : ret;
}

/* The NETKVMD answer, one entry a line, the MAC spelled as the redactor finds it. */
static int dump_netkvmd(struct raw *raw, struct vnet_redactor *r)
{
	char err[VNET_WIN_ERR] = "";
	size_t got = 0;
	uint8_t *buf = malloc(NETKVMD_ENTRIES * NETKVMD_ENTRY_SIZE);
	int ret;

	if (!buf)
		return -ENOMEM;
	if (raw->api->netkvmd_query(raw->api->priv, buf, NETKVMD_ENTRIES * NETKVMD_ENTRY_SIZE,
				    &got, err)) {
		ret = addf(raw, "%s\n", err);
		free(buf);
		return ret;
	}
	ret = addf(raw, "# IOCTL_NETKVMD_QUERY_ADAPTERS: %lu bytes; per entry the MAC, then "
		   "bytes 6..63 in hex\n", (unsigned long)got);
	for (size_t off = 0; !ret && off < got; off += NETKVMD_ENTRY_SIZE) {
		size_t end = off + NETKVMD_ENTRY_SIZE < got ? off + NETKVMD_ENTRY_SIZE : got;

		/* every NetKVM adapter's MAC, also of those the bundle is not about */
		if (r && end - off >= 6)
			ret = vnet_redactor_add_mac(r, buf + off);
		if (!ret && end - off >= 6) {
			char mac[18];

			vnet_mac_format(buf + off, mac);
			ret = addf(raw, "%s ", mac);
		}
		for (size_t i = off + (end - off >= 6 ? 6 : 0); !ret && i < end; i++)
			ret = addf(raw, "%02x", buf[i]);
		if (!ret)
			ret = addf(raw, "\n");
	}
	free(buf);
	return ret;
}

static int win_collect(struct vnet_ctx *ctx, const struct vnet_dev_list *list,
		       struct vnet_bundle_writer *w, struct vnet_redactor *r)
{
	struct raw raw = { .ctx = ctx, .api = api_of(ctx) };
	char name[96];
	int ret = 0;

	for (size_t i = 0; i < list->n && !ret; i++) {
		const struct vnet_netkvm *nk = list->devs[i]->netkvm;
		struct vnet_win_ifrow row;
		char err[VNET_WIN_ERR] = "";

		if (!nk)
			continue;
		ret = addf(&raw, "instance_id=%s\nservice=%s\n", nk->instance_id, nk->service);
		if (!ret && *nk->driver_key)
			ret = dump_key(&raw, nk->driver_key, 0);
		if (!ret && *nk->driver_key) {
			char params[300];

			if (!vnet_path(params, sizeof(params), "%s\\Ndi\\Params", nk->driver_key))
				ret = dump_key(&raw, params, 2);
		}
		if (!ret)
			snprintf(name, sizeof(name), "raw/windows/dev%zu/registry.txt", i);
		if (!ret)
			ret = add_member(&raw, w, name);
		if (!ret && *nk->netcfg_instance_id &&
		    !raw.api->if_row(raw.api->priv, nk->netcfg_instance_id, &row, err)) {
			char mac[18], perm[18];

			if (r)
				ret = vnet_redactor_add_mac(r, row.mac);
			if (r && !ret)
				ret = vnet_redactor_add_mac(r, row.permanent_mac);
			format_mac(row.mac, mac);
			format_mac(row.permanent_mac, perm);
			if (!ret)
				ret = addf(&raw, "if_index=%" PRIu32 "\nalias=%s\ndescription=%s\n"
					   "mtu=%" PRIu32 "\nmac=%s\npermanent_mac=%s\noper_up=%d\n"
					   "media_connected=%d\nrx_speed_bps=%" PRIu64
					   "\ntx_speed_bps=%" PRIu64 "\n", row.if_index, row.alias,
					   row.description, row.mtu, mac, perm, row.oper_up,
					   row.media_connected, row.rx_speed_bps, row.tx_speed_bps);
		} else if (!ret) {
			ret = addf(&raw, "%s\n", *err ? err : "no NetCfgInstanceId");
		}
		if (!ret)
			snprintf(name, sizeof(name), "raw/windows/dev%zu/ifrow.txt", i);
		if (!ret)
			ret = add_member(&raw, w, name);
		if (!ret && *nk->description)
			ret = dump_wmi(&raw, nk->description);
		if (!ret)
			snprintf(name, sizeof(name), "raw/windows/dev%zu/wmi.txt", i);
		if (!ret)
			ret = add_member(&raw, w, name);
	}
	if (!ret)
		ret = dump_netkvmd(&raw, r);
	if (!ret)
		ret = add_member(&raw, w, "raw/windows/netkvmd.txt");
	free(raw.b.data);
	if (ret == -ENOMEM)
		return vnet_oom(ctx);
	return ret;
}

const struct vnet_backend_ops vnet_backend_windows = {
	.name = "windows",
	.help = "NetKVM adapters on Windows: SetupAPI, the registry, WMI and \\\\.\\NETKVMD",
	.config = win_config,
	.detect = win_detect,
	.init = win_init,
	.cleanup = win_cleanup,
	.scan = win_scan,
	.identify = win_identify,
	.fill = win_fill,
	.system = win_system,
	.stats_open = win_stats_open,
	.stats_sample = win_stats_sample,
	.stats_close = win_stats_close,
	.writable = win_writable,
	.apply = win_apply,
	.collect = win_collect,
};
