// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * winapi-fixture.c - the seam (winapi.h) served from a fixture directory
 *
 * -O windows.fixture=DIR: DIR/adapters.json answers SetupAPI, WMI, the
 * NETKVMD IOCTL, IP Helper and the restart (the format is in the issue 18
 * contract); the registry stays real, so tests under wine run the registry
 * code against wine's registry, filled from DIR/registry.reg by the test.
 * The file is untrusted: its size, every count and every string length are
 * bounded and a member of the wrong type is refused with its JSON path.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <json-c/json.h>

#include "../internal.h"
#include "winapi.h"

#define FX_DEVICES	64
#define FX_HWIDS	16
#define FX_WMI_PROPS	256
#define FX_NETKVMD_MAX	(256 * 64)	/* as many entries as netkvmp's buffer holds */

struct fx_device {
	struct vnet_win_device dev;
	bool has_row;
	struct vnet_win_ifrow row;
	struct json_object *wmi;	/* borrowed from the root; NULL: no class at all */
};

struct fixture {
	struct json_object *root;
	size_t n;
	struct fx_device devs[FX_DEVICES];
	bool has_netkvmd;
	size_t netkvmd_len;
	uint8_t netkvmd[FX_NETKVMD_MAX];
	char restart[VNET_WIN_ERR];
	uint32_t online_cpus;		/* 0: the fixture does not say */
};

static int bad(char *err, const char *path, const char *what)
{
	char line[VNET_WIN_ERR + 200];

	/* the path is cut, not the reason, when the line does not fit */
	snprintf(line, sizeof(line), "adapters.json: %.80s: %s", path, what);
	vnet_strcpy(err, line, VNET_WIN_ERR);
	return -EINVAL;
}

static int get_string(struct json_object *o, const char *path, char *dst, size_t len, char *err)
{
	if (!json_object_is_type(o, json_type_string))
		return bad(err, path, "not a string");
	if ((size_t)json_object_get_string_len(o) >= len ||
	    strlen(json_object_get_string(o)) != (size_t)json_object_get_string_len(o))
		return bad(err, path, "too long or holds a NUL");
	memcpy(dst, json_object_get_string(o), json_object_get_string_len(o) + 1);
	return 0;
}

static int get_u64(struct json_object *o, const char *path, uint64_t max, uint64_t *v, char *err)
{
	if (!json_object_is_type(o, json_type_int))
		return bad(err, path, "not an integer");
	/* json-c keeps integers above INT64_MAX as unsigned: ask for the sign first */
	if (json_object_get_int64(o) < 0)
		return bad(err, path, "negative");
	*v = json_object_get_uint64(o);
	if (*v > max)
		return bad(err, path, "out of range");
	return 0;
}

static int get_bool(struct json_object *o, const char *path, bool *v, char *err)
{
	if (!json_object_is_type(o, json_type_boolean))
		return bad(err, path, "not true or false");
	*v = json_object_get_boolean(o);
	return 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int get_mac(struct json_object *o, const char *path, uint8_t mac[6], char *err)
{
	char text[18];

	if (get_string(o, path, text, sizeof(text), err) || strlen(text) != 17)
		return bad(err, path, "not a MAC address (aa:bb:cc:dd:ee:ff)");
	for (int i = 0; i < 6; i++) {
		int hi = hexval(text[i * 3]), lo = hexval(text[i * 3 + 1]);

		if (hi < 0 || lo < 0 || (i < 5 && text[i * 3 + 2] != ':'))
			return bad(err, path, "not a MAC address (aa:bb:cc:dd:ee:ff)");
		mac[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

static int load_row(struct json_object *o, const char *where, struct vnet_win_ifrow *row,
		    char *err)
{
	static const struct {
		const char *key;
		size_t off;
	} u64s[] = {
#define U64(m) { #m, offsetof(struct vnet_win_ifrow, m) }
		U64(rx_speed_bps), U64(tx_speed_bps), U64(in_octets), U64(in_ucast),
		U64(in_mcast), U64(in_bcast), U64(in_discards), U64(in_errors), U64(out_octets),
		U64(out_ucast), U64(out_mcast), U64(out_bcast), U64(out_discards),
		U64(out_errors),
#undef U64
	};
	char path[96];
	int ret = 0;

	if (!json_object_is_type(o, json_type_object))
		return bad(err, where, "not an object");
	json_object_object_foreach(o, key, v) {
		uint64_t n = 0;
		bool done = false;

		(void)vnet_path(path, sizeof(path), "%s.%.40s", where, key);
		if (!strcmp(key, "if_index")) {
			ret = get_u64(v, path, UINT32_MAX, &n, err);
			row->if_index = (uint32_t)n;
		} else if (!strcmp(key, "mtu")) {
			ret = get_u64(v, path, UINT32_MAX, &n, err);
			row->mtu = (uint32_t)n;
		} else if (!strcmp(key, "alias")) {
			ret = get_string(v, path, row->alias, sizeof(row->alias), err);
		} else if (!strcmp(key, "description")) {
			ret = get_string(v, path, row->description, sizeof(row->description), err);
		} else if (!strcmp(key, "mac")) {
			ret = get_mac(v, path, row->mac, err);
		} else if (!strcmp(key, "permanent_mac")) {
			ret = get_mac(v, path, row->permanent_mac, err);
		} else if (!strcmp(key, "oper_up")) {
			ret = get_bool(v, path, &row->oper_up, err);
		} else if (!strcmp(key, "media_connected")) {
			ret = get_bool(v, path, &row->media_connected, err);
		} else {
			for (size_t i = 0; i < ARRAY_SIZE(u64s) && !done; i++) {
				if (strcmp(key, u64s[i].key))
					continue;
				ret = get_u64(v, path, UINT64_MAX, &n, err);
				memcpy((char *)row + u64s[i].off, &n, sizeof(n));
				done = true;
			}
			/* a member we do not know is a newer fixture's: ignored */
		}
		if (ret)
			return ret;
	}
	return 0;
}

/*
 * The properties of one WMI class object, flattened ("tx.Dropped"); @props
 * NULL: only check the types.
 */
static int flatten(struct json_object *o, const char *prefix, const char *where, int depth,
		   struct vnet_win_wmi_prop *props, size_t *n, char *err)
{
	char path[128];

	if (!json_object_is_type(o, json_type_object))
		return bad(err, where, "not an object");
	json_object_object_foreach(o, key, v) {
		struct vnet_win_wmi_prop p = { 0 };
		int ret;

		(void)vnet_path(path, sizeof(path), "%s.%.40s", where, key);
		if (vnet_path(p.name, sizeof(p.name), "%s%s%s", prefix, *prefix ? "." : "", key))
			return bad(err, path, "name too long");
		if (*n >= FX_WMI_PROPS)
			return bad(err, path, "too many properties");
		switch (json_object_get_type(v)) {
		case json_type_int:
			p.type = VNET_WIN_WMI_INT;
			/* WMI's integers are at most 64 bits, signed or not: both fit int64 here */
			if (json_object_get_int64(v) < 0) {
				p.num = json_object_get_int64(v);
			} else {
				uint64_t u = json_object_get_uint64(v);

				if (u > INT64_MAX)
					return bad(err, path, "out of range");
				p.num = (int64_t)u;
			}
			break;
		case json_type_boolean:
			p.type = VNET_WIN_WMI_BOOL;
			p.num = json_object_get_boolean(v);
			break;
		case json_type_string:
			p.type = VNET_WIN_WMI_STRING;
			ret = get_string(v, path, p.str, sizeof(p.str), err);
			if (ret)
				return ret;
			break;
		case json_type_object:
			if (depth >= 2)
				return bad(err, path, "nested too deep");
			ret = flatten(v, p.name, path, depth + 1, props, n, err);
			if (ret)
				return ret;
			continue;
		default:
			return bad(err, path, "not a number, boolean, string or object");
		}
		if (props)
			props[*n] = p;
		(*n)++;
	}
	return 0;
}

static int load_device(struct json_object *o, size_t i, struct fx_device *d, char *err)
{
	char where[32], path[96];

	(void)vnet_path(where, sizeof(where), "devices[%u]", (unsigned int)i);
	if (!json_object_is_type(o, json_type_object))
		return bad(err, where, "not an object");
	json_object_object_foreach(o, key, v) {
		struct vnet_win_device *w = &d->dev;
		int ret = 0;

		(void)vnet_path(path, sizeof(path), "%s.%.40s", where, key);
		if (!strcmp(key, "instance_id")) {
			ret = get_string(v, path, w->instance_id, sizeof(w->instance_id), err);
		} else if (!strcmp(key, "service")) {
			ret = get_string(v, path, w->service, sizeof(w->service), err);
		} else if (!strcmp(key, "description")) {
			ret = get_string(v, path, w->description, sizeof(w->description), err);
		} else if (!strcmp(key, "friendly_name")) {
			ret = get_string(v, path, w->friendly_name, sizeof(w->friendly_name), err);
		} else if (!strcmp(key, "location")) {
			ret = get_string(v, path, w->location, sizeof(w->location), err);
		} else if (!strcmp(key, "driver_key")) {
			ret = get_string(v, path, w->driver_key, sizeof(w->driver_key), err);
		} else if (!strcmp(key, "hardware_ids")) {
			size_t n, used = 0;

			if (!json_object_is_type(v, json_type_array))
				return bad(err, path, "not an array");
			n = json_object_array_length(v);
			if (n > FX_HWIDS)
				return bad(err, path, "too many hardware ids");
			for (size_t k = 0; k < n; k++) {
				char one[sizeof(w->hardware_ids)], p2[112];
				size_t len;

				(void)vnet_path(p2, sizeof(p2), "%s[%u]", path, (unsigned int)k);
				ret = get_string(json_object_array_get_idx(v, k), p2, one, sizeof(one),
						 err);
				if (ret)
					return ret;
				len = strlen(one);
				if (strchr(one, '\n') || used + len + 2 > sizeof(w->hardware_ids))
					return bad(err, p2, "a newline, or the ids are too long");
				if (used)
					w->hardware_ids[used++] = '\n';
				memcpy(w->hardware_ids + used, one, len + 1);
				used += len;
			}
		} else if (!strcmp(key, "ifrow")) {
			if (!json_object_is_type(v, json_type_null)) {
				ret = load_row(v, path, &d->row, err);
				d->has_row = true;
			}
		} else if (!strcmp(key, "wmi")) {
			if (!json_object_is_type(v, json_type_object))
				return bad(err, path, "not an object");
			json_object_object_foreach(v, cls, props) {
				char p2[112];
				size_t n = 0;

				(void)vnet_path(p2, sizeof(p2), "%s.%.40s", path, cls);
				ret = flatten(props, "", p2, 0, NULL, &n, err);
				if (ret)
					return ret;
			}
			d->wmi = v;
		}
		if (ret)
			return ret;
	}
	if (!*d->dev.instance_id)
		return bad(err, where, "no instance_id");
	return 0;
}

static int load(struct fixture *fx, char *err)
{
	struct json_object *v;

	if (!json_object_is_type(fx->root, json_type_object))
		return bad(err, "(top)", "not an object");
	if (!json_object_object_get_ex(fx->root, "devices", &v) ||
	    !json_object_is_type(v, json_type_array))
		return bad(err, "devices", "missing or not an array");
	if (json_object_array_length(v) > FX_DEVICES)
		return bad(err, "devices", "too many devices");
	fx->n = json_object_array_length(v);
	for (size_t i = 0; i < fx->n; i++) {
		int ret = load_device(json_object_array_get_idx(v, i), i, &fx->devs[i], err);

		if (ret)
			return ret;
	}
	if (json_object_object_get_ex(fx->root, "netkvmd", &v) &&
	    !json_object_is_type(v, json_type_null)) {
		const char *hex;
		size_t len;

		if (!json_object_is_type(v, json_type_string))
			return bad(err, "netkvmd", "not a string or null");
		hex = json_object_get_string(v);
		len = (size_t)json_object_get_string_len(v);
		if (len % 2 || len / 2 > sizeof(fx->netkvmd))
			return bad(err, "netkvmd", "an odd number of digits, or too long");
		for (size_t i = 0; i < len; i += 2) {
			int hi = hexval(hex[i]), lo = hexval(hex[i + 1]);

			if (hi < 0 || lo < 0)
				return bad(err, "netkvmd", "not hexadecimal");
			fx->netkvmd[i / 2] = (uint8_t)(hi << 4 | lo);
		}
		fx->netkvmd_len = len / 2;
		fx->has_netkvmd = true;
	}
	if (json_object_object_get_ex(fx->root, "online_cpus", &v)) {
		uint64_t n;
		int ret = get_u64(v, "online_cpus", VNET_MAX_CPUS, &n, err);

		if (ret)
			return ret;
		if (!n)
			return bad(err, "online_cpus", "0");
		fx->online_cpus = (uint32_t)n;
	}
	if (json_object_object_get_ex(fx->root, "restart", &v)) {
		int ret = get_string(v, "restart", fx->restart, sizeof(fx->restart), err);

		if (ret)
			return ret;
		if (strcmp(fx->restart, "ok") && strcmp(fx->restart, "reboot") &&
		    strncmp(fx->restart, "fail: ", 6))
			return bad(err, "restart", "not \"ok\", \"reboot\" or \"fail: <reason>\"");
	} else {
		strcpy(fx->restart, "ok");
	}
	return 0;
}

static int fx_enum_devices(void *priv, struct vnet_win_device **out, size_t *n, char *err)
{
	struct fixture *fx = priv;

	*n = 0;
	*out = calloc(fx->n ? fx->n : 1, sizeof(**out));
	if (!*out) {
		snprintf(err, VNET_WIN_ERR, "out of memory");
		return -ENOMEM;
	}
	for (size_t i = 0; i < fx->n; i++)
		(*out)[i] = fx->devs[i].dev;
	*n = fx->n;
	return 0;
}

static const struct fx_device *by_instance_name(const struct fixture *fx, const char *instance)
{
	for (size_t i = 0; i < fx->n; i++)
		if (fx->devs[i].has_row && !strcmp(fx->devs[i].row.description, instance))
			return &fx->devs[i];
	return NULL;
}

static int wmi_class(const struct fixture *fx, const char *cls, const char *instance,
		     struct json_object **obj, char *err)
{
	const struct fx_device *d = by_instance_name(fx, instance);

	if (!d) {
		snprintf(err, VNET_WIN_ERR, "WMI %s has no instance \"%.60s\"", cls, instance);
		return -ENOENT;
	}
	if (!d->wmi || !json_object_object_get_ex(d->wmi, cls, obj)) {
		snprintf(err, VNET_WIN_ERR, "WMI class %s is not registered (an older NetKVM?)", cls);
		return -ENOENT;
	}
	return 0;
}

static int fx_wmi_get(void *priv, const char *cls, const char *instance,
		      struct vnet_win_wmi_prop **props, size_t *n, char *err)
{
	struct json_object *obj;
	int ret = wmi_class(priv, cls, instance, &obj, err);

	*props = NULL;
	*n = 0;
	if (ret)
		return ret;
	*props = calloc(FX_WMI_PROPS, sizeof(**props));
	if (!*props) {
		snprintf(err, VNET_WIN_ERR, "out of memory");
		return -ENOMEM;
	}
	/* checked at load: cannot fail now but for the bounds it checks again */
	ret = flatten(obj, "", cls, 0, *props, n, err);
	if (ret) {
		free(*props);
		*props = NULL;
		*n = 0;
	}
	return ret;
}

static int fx_wmi_set_logging(void *priv, const char *instance, uint32_t level, char *err)
{
	struct fixture *fx = priv;
	struct json_object *obj, *num;
	int ret = wmi_class(fx, "NetKvm_Logging", instance, &obj, err);

	if (ret)
		return ret;
	/* the driver's level is one global: every adapter's instance shows it */
	for (size_t i = 0; i < fx->n; i++) {
		if (!fx->devs[i].wmi ||
		    !json_object_object_get_ex(fx->devs[i].wmi, "NetKvm_Logging", &obj))
			continue;
		num = json_object_new_int64(level);
		if (!num || json_object_object_add(obj, "level", num)) {
			json_object_put(num);
			snprintf(err, VNET_WIN_ERR, "out of memory");
			return -ENOMEM;
		}
	}
	return 0;
}

static int fx_netkvmd_query(void *priv, uint8_t *buf, size_t len, size_t *got, char *err)
{
	struct fixture *fx = priv;

	*got = 0;
	if (!fx->has_netkvmd) {
		snprintf(err, VNET_WIN_ERR, "\\\\.\\NETKVMD: not found");
		return -ENOENT;
	}
	if (fx->netkvmd_len > len) {
		snprintf(err, VNET_WIN_ERR, "DeviceIoControl: IOCTL_NETKVMD_QUERY_ADAPTERS: "
			 "the buffer is too small");
		return -EOVERFLOW;
	}
	memcpy(buf, fx->netkvmd, fx->netkvmd_len);
	*got = fx->netkvmd_len;
	return 0;
}

/* The interface is the one whose driver key (in the real registry) names the GUID. */
static int fx_if_row(void *priv, const char *netcfg_instance_id, struct vnet_win_ifrow *row,
		     char *err)
{
	struct fixture *fx = priv;

	memset(row, 0, sizeof(*row));
	for (size_t i = 0; i < fx->n; i++) {
		enum vnet_win_reg_type type;
		char guid[64], e[VNET_WIN_ERR];

		if (!fx->devs[i].has_row || !*fx->devs[i].dev.driver_key ||
		    vnet_win_reg_get(NULL, fx->devs[i].dev.driver_key, "NetCfgInstanceId", &type,
				     guid, sizeof(guid), e) ||
		    type != VNET_WIN_REG_SZ || strcasecmp(guid, netcfg_instance_id))
			continue;
		*row = fx->devs[i].row;
		return 0;
	}
	snprintf(err, VNET_WIN_ERR, "ConvertInterfaceGuidToLuid: %.60s: no such interface",
		 netcfg_instance_id);
	return -ENOENT;
}

static int fx_restart(void *priv, const char *instance_id, bool *reboot, char *err)
{
	struct fixture *fx = priv;

	*reboot = !strcmp(fx->restart, "reboot");
	if (!strncmp(fx->restart, "fail: ", 6)) {
		snprintf(err, VNET_WIN_ERR, "SetupDiCallClassInstaller: %.60s: %s", instance_id,
			 fx->restart + 6);
		return -EIO;
	}
	return 0;
}

static int fx_online_cpus(void *priv, uint32_t *n, char *err)
{
	const struct fixture *fx = priv;

	*n = fx->online_cpus;
	if (!fx->online_cpus) {
		snprintf(err, VNET_WIN_ERR, "adapters.json has no online_cpus");
		return -ENOENT;
	}
	return 0;
}

static void fx_close(void *priv)
{
	struct fixture *fx = priv;

	if (!fx)
		return;
	json_object_put(fx->root);
	free(fx);
}

static int read_file(const char *path, char **text, size_t *len, char *err)
{
	FILE *f = fopen(path, "rb");
	size_t n;
	char *buf;

	*text = NULL;
	if (!f) {
		int e = errno;

		snprintf(err, VNET_WIN_ERR, "%.120s: %s", path, strerror(e));
		return -e;
	}
	buf = malloc(VNET_FILE_MAX + 1);
	if (!buf) {
		fclose(f);
		snprintf(err, VNET_WIN_ERR, "out of memory");
		return -ENOMEM;
	}
	n = fread(buf, 1, VNET_FILE_MAX + 1, f);
	if (ferror(f) || n > VNET_FILE_MAX) {
		fclose(f);
		free(buf);
		snprintf(err, VNET_WIN_ERR, "%.120s: %s", path,
			 n > VNET_FILE_MAX ? "larger than 1 MiB" : "read error");
		return n > VNET_FILE_MAX ? -EFBIG : -EIO;
	}
	fclose(f);
	buf[n] = '\0';
	*text = buf;
	*len = n;
	return 0;
}

int vnet_win_api_fixture(struct vnet_win_api *api, const char *dir, char *err)
{
	struct json_tokener *tok = json_tokener_new_ex(16);
	struct fixture *fx = calloc(1, sizeof(*fx));
	char path[512], *text = NULL;
	size_t len = 0;
	int ret;

	if (!tok || !fx) {
		json_tokener_free(tok);
		free(fx);
		snprintf(err, VNET_WIN_ERR, "out of memory");
		return -ENOMEM;
	}
	ret = vnet_path(path, sizeof(path), "%s/adapters.json", dir);
	if (ret)
		snprintf(err, VNET_WIN_ERR, "%.120s: path too long", dir);
	else
		ret = read_file(path, &text, &len, err);
	if (!ret) {
		fx->root = json_tokener_parse_ex(tok, text, (int)len);
		size_t end = json_tokener_get_parse_end(tok);

		while (end < len && strchr(" \t\r\n", text[end]))
			end++;
		if (!fx->root || json_tokener_get_error(tok) != json_tokener_success ||
		    end != len) {
			enum json_tokener_error je = json_tokener_get_error(tok);

			/* "continue" is json-c's word for input that ends inside a value */
			snprintf(err, VNET_WIN_ERR, "%.120s: not JSON: %s", path,
				 je == json_tokener_continue ? "it ends inside a value" :
				 je == json_tokener_success ? "more after the value" :
				 json_tokener_error_desc(je));
			ret = -EINVAL;
		}
	}
	json_tokener_free(tok);
	free(text);
	if (!ret)
		ret = load(fx, err);
	if (ret) {
		fx_close(fx);
		return ret;
	}
	*api = (struct vnet_win_api){
		.name = "fixture",
		.priv = fx,
		.enum_devices = fx_enum_devices,
		.reg_get = vnet_win_reg_get,
		.reg_subkey = vnet_win_reg_subkey,
		.reg_value = vnet_win_reg_value,
		.reg_set_sz = vnet_win_reg_set_sz,
		.reg_delete = vnet_win_reg_delete,
		.wmi_get = fx_wmi_get,
		.wmi_set_logging = fx_wmi_set_logging,
		.netkvmd_query = fx_netkvmd_query,
		.if_row = fx_if_row,
		.restart = fx_restart,
		.online_cpus = fx_online_cpus,
		.close = fx_close,
	};
	return 0;
}
