// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for homenetd's configuration file (homenet.conf(5)): the
 * example loads as written, every error names its line and token, and a
 * large file loads.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include <linux/homenet.h>

#include "config.h"

#define TCP		 HOMENET_FWD_TCP
#define UDP		 HOMENET_FWD_UDP
#define ADDR(a, b, c, d) htonl((uint32_t)(a) << 24 | (b) << 16 | (c) << 8 | (d))

/* The file of issue 5 and homenet.conf(5), with every [nat] key. */
static const char example[] = "[wan]\n"
			      "interface = eth0\n"
			      "address = auto            # or A.B.C.D\n"
			      "\n"
			      "[lan]\n"
			      "interface = eth1\n"
			      "address = 192.168.0.1/24\n"
			      "\n"
			      "[dhcp]\n"
			      "range = 192.168.0.100 192.168.0.199\n"
			      "lease-time = 12h           # s/m/h/d suffixes\n"
			      "dns = 192.168.0.1          # one or more\n"
			      "# domain = home.arpa, router = ...\n"
			      "\n"
			      "[nat]\n"
			      "filter = adf\n"
			      "ports = 1024-65535\n"
			      "max-sessions = 65536\n"
			      "timeout-udp = 300\n"
			      "timeout-tcp = 7440\n"
			      "timeout-tcp-transitory = 240\n"
			      "timeout-icmp = 60\n"
			      "inside = 192.168.0.0/16, 10.0.0.0/8\n"
			      "\n"
			      "[host nas]\n"
			      "mac = 52:54:00:12:34:56\n"
			      "address = 192.168.0.4\n"
			      "\n"
			      "[forward web]\n"
			      "protocol = tcp\n"
			      "port = 8081\n"
			      "to = nas:80\n"
			      "from = 203.0.113.0/24\n"
			      "enabled = yes\n";

/* Lines 1-5: what every file needs.  What a case adds starts on line 6. */
#define BASE                                                                                       \
	"[wan]\n"                                                                                  \
	"interface = eth0\n"                                                                       \
	"[lan]\n"                                                                                  \
	"interface = eth1\n"                                                                       \
	"address = 192.168.0.1/24\n"

/* The reasons that recur, as the messages end. */
#define IN_LAN	     " (192.168.0.1/24, line 5)"
#define NOT_DURATION "is not a duration (s, m, h, d)"
#define NOT_IFNAME   "is not an interface name (1-15 characters, no / : or space)"
#define NOT_DOMAIN   "is not a domain name (labels of A-Z a-z 0-9 - joined by .)"
#define NOT_MAC	     "is not a MAC address (xx:xx:xx:xx:xx:xx)"
#define NOT_SECTION  "is not a section ([wan], [lan], [dhcp], [nat], [host NAME], [forward NAME])"
#define NOT_NET_HOST "is the network or broadcast address of its prefix"
#define BAD_TO_PORTS "has a bad port or range after the host (1-65535, LO-HI)"
#define RANGE	     "range = 192.168.0.2 192.168.0.9\n"

static void load_ok(const char *text, struct hnd_config *cfg)
{
	char err[HND_CONFIG_ERR_MAX] = "";

	if (hnd_config_parse(text, "t.conf", cfg, err, sizeof(err)) < 0)
		fail_msg("refused: %s", err);
}

static void check_error(const char *text, const char *want)
{
	struct hnd_config cfg = { .n_hosts = 12345 };
	char err[HND_CONFIG_ERR_MAX] = "";

	if (hnd_config_parse(text, "t.conf", &cfg, err, sizeof(err)) != -1)
		fail_msg("taken, wanted: %s\n%s", want, text);
	if (strcmp(err, want))
		fail_msg("got  %s\nwant %s\nfor\n%s", err, want, text);
	/* a refused file leaves the caller's struct alone */
	assert_int_equal(cfg.n_hosts, 12345);
	assert_null(cfg.hosts);
}

struct error_case {
	const char *text, *err;
};

static void check_errors(const struct error_case *cases, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		check_error(cases[i].text, cases[i].err);
}

static void test_example(void **state)
{
	static const uint8_t mac[] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
	struct hnd_config cfg;
	const struct hn_fwd *f;

	(void)state;
	load_ok(example, &cfg);
	assert_string_equal(cfg.wan.ifname, "eth0");
	assert_int_equal(cfg.wan.addr, 0);
	assert_string_equal(cfg.lan.ifname, "eth1");
	assert_int_equal(cfg.lan.addr, ADDR(192, 168, 0, 1));
	assert_int_equal(cfg.lan.prefix_len, 24);

	assert_true(cfg.dhcp.enabled);
	assert_int_equal(cfg.dhcp.range_first, ADDR(192, 168, 0, 100));
	assert_int_equal(cfg.dhcp.range_last, ADDR(192, 168, 0, 199));
	assert_int_equal(cfg.dhcp.lease_time, 12 * 3600);
	assert_int_equal(cfg.dhcp.n_dns, 1);
	assert_int_equal(cfg.dhcp.dns[0], ADDR(192, 168, 0, 1));
	assert_string_equal(cfg.dhcp.domain, "");
	assert_int_equal(cfg.dhcp.router, ADDR(192, 168, 0, 1));
	assert_int_equal(cfg.dhcp.decline_time, 600);
	assert_string_equal(cfg.dhcp.lease_file, "/var/lib/homenet/leases");

	assert_int_equal(cfg.nat.present,
			 HN_NAT_FILTER | HN_NAT_PORTS | HN_NAT_MAX_SESSIONS | HN_NAT_INSIDE |
				 HN_NAT_TIMEOUT << HN_TO_UDP | HN_NAT_TIMEOUT << HN_TO_TCP |
				 HN_NAT_TIMEOUT << HN_TO_TCP_TRANS | HN_NAT_TIMEOUT << HN_TO_ICMP);
	assert_int_equal(cfg.nat.filter, HOMENET_FILTER_ADF);
	assert_int_equal(cfg.nat.port_min, 1024);
	assert_int_equal(cfg.nat.port_max, 65535);
	assert_int_equal(cfg.nat.max_sessions, 65536);
	assert_int_equal(cfg.nat.timeout[HN_TO_UDP], 300);
	assert_int_equal(cfg.nat.timeout[HN_TO_TCP], 7440);
	assert_int_equal(cfg.nat.timeout[HN_TO_TCP_TRANS], 240);
	assert_int_equal(cfg.nat.timeout[HN_TO_ICMP], 60);
	assert_int_equal(cfg.nat.n_inside, 2);
	assert_int_equal(cfg.nat.inside[0].addr, ADDR(192, 168, 0, 0));
	assert_int_equal(cfg.nat.inside[0].len, 16);
	assert_int_equal(cfg.nat.inside[1].addr, ADDR(10, 0, 0, 0));
	assert_int_equal(cfg.nat.inside[1].len, 8);
	assert_int_equal(cfg.nat.wan_ifindex, 0);

	assert_int_equal(cfg.n_hosts, 1);
	assert_string_equal(cfg.hosts[0].name, "nas");
	assert_memory_equal(cfg.hosts[0].mac, mac, sizeof(mac));
	assert_int_equal(cfg.hosts[0].addr, ADDR(192, 168, 0, 4));

	assert_int_equal(cfg.n_fwds, 1);
	f = &cfg.fwds[0];
	assert_string_equal(f->name, "web");
	assert_int_equal(f->proto, TCP);
	assert_int_equal(f->ext_port_min, 8081);
	assert_int_equal(f->ext_port_max, 8081);
	assert_int_equal(f->int_addr, ADDR(192, 168, 0, 4));
	assert_int_equal(f->int_port_min, 80);
	assert_int_equal(f->int_port_max, 80);
	assert_true(f->has_src);
	assert_int_equal(f->src.addr, ADDR(203, 0, 113, 0));
	assert_int_equal(f->src.len, 24);
	assert_false(f->disabled);
	hnd_config_free(&cfg);
	assert_null(cfg.hosts);
	assert_null(cfg.fwds);
	hnd_config_free(&cfg);
}

/* etc/homenet.conf, the file the package installs, read from its path. */
static void test_shipped_example(void **state)
{
	char path[4096], err[HND_CONFIG_ERR_MAX] = "";
	struct hnd_config cfg;
	const char *slash = strrchr(__FILE__, '/');

	(void)state;
	snprintf(path, sizeof(path), "%.*s/../../etc/homenet.conf",
		 slash ? (int)(slash - __FILE__) : 1, slash ? __FILE__ : ".");
	if (hnd_config_load(path, &cfg, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	assert_string_equal(cfg.wan.ifname, "eth0");
	assert_int_equal(cfg.lan.addr, ADDR(192, 168, 0, 1));
	assert_int_equal(cfg.dhcp.range_last, ADDR(192, 168, 0, 199));
	assert_int_equal(cfg.dhcp.lease_time, 12 * 3600);
	assert_int_equal(cfg.nat.present, 0); /* every [nat] key is a comment */
	assert_int_equal(cfg.n_hosts, 1);
	assert_int_equal(cfg.n_fwds, 1);
	assert_int_equal(cfg.fwds[0].int_addr, cfg.hosts[0].addr);
	assert_int_equal(cfg.fwds[0].int_port_min, 80);
	assert_false(cfg.fwds[0].has_src);
	hnd_config_free(&cfg);
}

static void test_defaults(void **state)
{
	struct hnd_config cfg;

	(void)state;
	load_ok(BASE, &cfg);
	assert_int_equal(cfg.wan.addr, 0);
	assert_false(cfg.dhcp.enabled);
	assert_int_equal(cfg.nat.present, 0);
	assert_int_equal(cfg.n_hosts, 0);
	assert_int_equal(cfg.n_fwds, 0);
	hnd_config_free(&cfg);

	load_ok(BASE "[dhcp]\nrange = 192.168.0.2 192.168.0.2\n", &cfg);
	assert_true(cfg.dhcp.enabled);
	assert_int_equal(cfg.dhcp.range_first, cfg.dhcp.range_last);
	assert_int_equal(cfg.dhcp.lease_time, HND_LEASE_TIME_DEF);
	assert_int_equal(cfg.dhcp.decline_time, HND_DECLINE_TIME_DEF);
	assert_int_equal(cfg.dhcp.router, ADDR(192, 168, 0, 1));
	assert_int_equal(cfg.dhcp.n_dns, 0);
	assert_string_equal(cfg.dhcp.domain, "");
	assert_string_equal(cfg.dhcp.lease_file, HND_LEASE_FILE_DEF);
	assert_false(cfg.dhcp.no_conflict_check);
	hnd_config_free(&cfg);

	/* every [dhcp] key, a fixed WAN address; indented keys are keys */
	load_ok("[wan]\n  interface = ppp0\n  address = 198.51.100.7\n"
		"[lan]\n  interface = br-lan\n  address = 10.1.0.1/16\n"
		"[dhcp]\nrange = 10.1.2.0 10.1.3.255\nrouter = 10.1.0.254\ndomain = home.arpa\n"
		"decline-time = 1d\nlease-file = /run/homenet/leases\nlease-time = 1m\n"
		"conflict-check = no\n",
		&cfg);
	assert_string_equal(cfg.wan.ifname, "ppp0");
	assert_int_equal(cfg.wan.addr, ADDR(198, 51, 100, 7));
	assert_string_equal(cfg.lan.ifname, "br-lan");
	assert_int_equal(cfg.lan.prefix_len, 16);
	assert_int_equal(cfg.dhcp.range_first, ADDR(10, 1, 2, 0));
	assert_int_equal(cfg.dhcp.range_last, ADDR(10, 1, 3, 255));
	assert_int_equal(cfg.dhcp.router, ADDR(10, 1, 0, 254));
	assert_string_equal(cfg.dhcp.domain, "home.arpa");
	assert_int_equal(cfg.dhcp.decline_time, 86400);
	assert_string_equal(cfg.dhcp.lease_file, "/run/homenet/leases");
	assert_int_equal(cfg.dhcp.lease_time, 60);
	assert_true(cfg.dhcp.no_conflict_check);
	hnd_config_free(&cfg);

	/* a host's own lease time, and one the server never answers */
	load_ok(BASE "[host tv]\nmac = 02:00:00:00:00:01\naddress = 192.168.0.9\n"
		     "lease-time = 2h\n[host guest]\nmac = 02:00:00:00:00:02\n"
		     "address = 192.168.0.10\nignore = yes\n",
		&cfg);
	assert_int_equal(cfg.n_hosts, 2);
	assert_int_equal(cfg.hosts[0].lease_time, 7200);
	assert_false(cfg.hosts[0].ignore);
	assert_int_equal(cfg.hosts[1].lease_time, 0);
	assert_true(cfg.hosts[1].ignore);
	hnd_config_free(&cfg);
	check_error(BASE
		    "[host tv]\nmac = 02:00:00:00:00:01\naddress = 192.168.0.9\nignore = maybe\n",
		    "t.conf:9: \"maybe\" is not yes or no");
}

/* Comments, blank lines, CRLF, a BOM, spaces around '=' and in headers. */
static void test_layout(void **state)
{
	struct hnd_config cfg;

	(void)state;
	load_ok("\xef\xbb\xbf; a comment\r\n"
		"[ wan ]   ; here too\r\n"
		"\tinterface=eth0#2\r\n"
		"   \r\n"
		"[lan]# a comment: nothing else may follow ']'\n"
		"interface   =   eth1   # this is one\n"
		"address = 192.168.0.1/24 ;this one too\n"
		"[host  nas]\n"
		"mac = 52-54-00-AB-cd-EF\n"
		"address = 192.168.0.4",
		&cfg);
	assert_string_equal(cfg.wan.ifname, "eth0#2"); /* no space before the '#' */
	assert_string_equal(cfg.lan.ifname, "eth1");
	assert_int_equal(cfg.n_hosts, 1);
	assert_string_equal(cfg.hosts[0].name, "nas");
	assert_int_equal(cfg.hosts[0].mac[3], 0xab);
	assert_int_equal(cfg.hosts[0].mac[5], 0xef);
	hnd_config_free(&cfg);
}

static void test_durations(void **state)
{
	static const struct {
		const char *text;
		uint32_t secs;
	} ok[] = {
		{ "60", 60 },
		{ "90s", 90 },
		{ "5m", 300 },
		{ "12h", 43200 },
		{ "1d", 86400 },
		{ "0100", 100 },
		{ "365d", 31536000 },
		{ "31536000s", 31536000 },
		{ "525600m", 31536000 },
	};
	static const struct error_case bad[] = {
		{ BASE "[dhcp]\n" RANGE "lease-time = 300x\n", "t.conf:8: \"300x\" " NOT_DURATION },
		{ BASE "[dhcp]\n" RANGE "lease-time =\n", "t.conf:8: \"\" " NOT_DURATION },
		{ BASE "[dhcp]\n" RANGE "lease-time = 1h30m\n",
		  "t.conf:8: \"1h30m\" " NOT_DURATION },
		{ BASE "[dhcp]\n" RANGE "lease-time = 12H\n", "t.conf:8: \"12H\" " NOT_DURATION },
		{ BASE "[dhcp]\n" RANGE "lease-time = -5\n", "t.conf:8: \"-5\" " NOT_DURATION },
		{ BASE "[dhcp]\n" RANGE "lease-time = 1.5h\n", "t.conf:8: \"1.5h\" " NOT_DURATION },
		{ BASE "[dhcp]\n" RANGE "lease-time = h\n", "t.conf:8: \"h\" " NOT_DURATION },
		{ BASE "[dhcp]\n" RANGE "lease-time = 59\n",
		  "t.conf:8: \"59\" is out of range (1m-365d)" },
		{ BASE "[dhcp]\n" RANGE "lease-time = 366d\n",
		  "t.conf:8: \"366d\" is out of range (1m-365d)" },
		{ BASE "[dhcp]\n" RANGE "lease-time = 99999999999999999999d\n",
		  "t.conf:8: \"99999999999999999999d\" is out of range (1m-365d)" },
		{ BASE "[dhcp]\n" RANGE "decline-time = 0\n",
		  "t.conf:8: \"0\" is out of range (1s-1d)" },
		{ BASE "[nat]\ntimeout-udp = 8d\n", "t.conf:7: \"8d\" is out of range (1s-7d)" },
		{ BASE "[nat]\ntimeout-icmp = 0s\n", "t.conf:7: \"0s\" is out of range (1s-7d)" },
	};
	char text[256];
	struct hnd_config cfg;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		snprintf(text, sizeof(text), BASE "[dhcp]\n" RANGE "lease-time = %s\n", ok[i].text);
		load_ok(text, &cfg);
		assert_int_equal(cfg.dhcp.lease_time, ok[i].secs);
		hnd_config_free(&cfg);
	}
	load_ok(BASE "[nat]\ntimeout-tcp = 2h\ntimeout-tcp-transitory=4m\ntimeout-icmp = 7d\n",
		&cfg);
	assert_int_equal(cfg.nat.timeout[HN_TO_TCP], 7200);
	assert_int_equal(cfg.nat.timeout[HN_TO_TCP_TRANS], 240);
	assert_int_equal(cfg.nat.timeout[HN_TO_ICMP], 7 * 86400);
	assert_int_equal(cfg.nat.present, HN_NAT_TIMEOUT << HN_TO_TCP |
						  HN_NAT_TIMEOUT << HN_TO_TCP_TRANS |
						  HN_NAT_TIMEOUT << HN_TO_ICMP);
	hnd_config_free(&cfg);
	check_errors(bad, sizeof(bad) / sizeof(bad[0]));
}

static void test_dns_lists(void **state)
{
	static const struct error_case bad[] = {
		{ BASE "[dhcp]\n" RANGE
		       "dns = 192.168.0.1 192.168.0.2 192.168.0.3 192.168.0.4 192.168.0.5 "
		       "192.168.0.6 192.168.0.7 192.168.0.8 192.168.0.9\n",
		  "t.conf:8: \"192.168.0.9\" is one address too many (8 at most)" },
		{ BASE "[dhcp]\n" RANGE "dns = 1.1.1.1, one.one\n",
		  "t.conf:8: \"one.one\" is not an IPv4 address (A.B.C.D)" },
		{ BASE "[dhcp]\n" RANGE "dns = 127.0.0.53\n",
		  "t.conf:8: \"127.0.0.53\" is not a unicast address" },
		{ BASE "[dhcp]\n" RANGE "dns = , ,\n", "t.conf:8: \", ,\" is an empty list" },
		{ BASE "[dhcp]\n" RANGE "dns =\n", "t.conf:8: \"\" is an empty list" },
	};
	struct hnd_config cfg;
	unsigned int i;

	(void)state;
	load_ok(BASE "[dhcp]\n" RANGE "dns = 9.9.9.9, 1.1.1.1 8.8.8.8,8.8.4.4\t192.168.0.1\n",
		&cfg);
	assert_int_equal(cfg.dhcp.n_dns, 5);
	assert_int_equal(cfg.dhcp.dns[0], ADDR(9, 9, 9, 9));
	assert_int_equal(cfg.dhcp.dns[1], ADDR(1, 1, 1, 1));
	assert_int_equal(cfg.dhcp.dns[2], ADDR(8, 8, 8, 8));
	assert_int_equal(cfg.dhcp.dns[3], ADDR(8, 8, 4, 4));
	assert_int_equal(cfg.dhcp.dns[4], ADDR(192, 168, 0, 1));
	hnd_config_free(&cfg);

	load_ok(BASE "[dhcp]\n" RANGE
		     "dns = 192.168.0.1 192.168.0.2 192.168.0.3 192.168.0.4 192.168.0.5 "
		     "192.168.0.6 192.168.0.7 192.168.0.8\n",
		&cfg);
	assert_int_equal(cfg.dhcp.n_dns, HND_DNS_MAX);
	for (i = 0; i < HND_DNS_MAX; i++)
		assert_int_equal(cfg.dhcp.dns[i], ADDR(192, 168, 0, i + 1));
	hnd_config_free(&cfg);
	check_errors(bad, sizeof(bad) / sizeof(bad[0]));
}

/* to = HOST[:PORT[-PORT]]: a [host] before or after, or an address. */
static void test_forward_resolution(void **state)
{
	struct hnd_config cfg;
	const struct hn_fwd *f;

	(void)state;
	load_ok(BASE "[forward games]\nprotocol = udp\nport = 5000-5010\nto = pc:6000\n"
		     "enabled = no\n"
		     "[forward same]\nprotocol = tcp+udp\nport = 7000-7002\nto = pc\n"
		     "[forward one]\nprotocol = tcp\nport = 8000-8009\nto = pc:80-80\n"
		     "[forward ranged]\nprotocol = tcp\nport = 9000-9009\nto = pc:100-109\n"
		     "[forward lit]\nprotocol = tcp\nport = 2222\nto = 192.168.0.77:22\n"
		     "from = 198.51.100.9\nenabled = true\n"
		     "[host pc]\naddress = 192.168.0.10\nmac = 02:00:00:00:00:01\n",
		&cfg);
	assert_int_equal(cfg.n_fwds, 5);
	f = cfg.fwds;
	assert_string_equal(f[0].name, "games");
	assert_int_equal(f[0].proto, UDP);
	assert_int_equal(f[0].int_addr, ADDR(192, 168, 0, 10));
	assert_int_equal(f[0].int_port_min, 6000);
	assert_int_equal(f[0].int_port_max, 6010);
	assert_true(f[0].disabled);
	assert_int_equal(f[1].proto, TCP | UDP);
	assert_int_equal(f[1].int_port_min, 7000);
	assert_int_equal(f[1].int_port_max, 7002);
	assert_int_equal(f[2].int_port_min, 80);
	assert_int_equal(f[2].int_port_max, 80);
	assert_int_equal(f[3].int_port_min, 100);
	assert_int_equal(f[3].int_port_max, 109);
	assert_int_equal(f[4].int_addr, ADDR(192, 168, 0, 77));
	assert_int_equal(f[4].int_port_min, 22);
	assert_true(f[4].has_src);
	assert_int_equal(f[4].src.addr, ADDR(198, 51, 100, 9));
	assert_int_equal(f[4].src.len, 32);
	assert_false(f[4].disabled);
	hnd_config_free(&cfg);
}

static void test_overlap(void **state)
{
	static const struct error_case bad[] = {
		{ BASE "[forward a]\nprotocol = tcp+udp\nport = 5000-5010\nto = 192.168.0.2\n"
		       "[forward b]\nprotocol = udp\nport = 5010\nto = 192.168.0.3\n",
		  "t.conf:12: port \"5010\" of [forward b] overlaps [forward a] (port 5000-5010, "
		  "line 8) for udp" },
		/* the two tcp rules are not neighbours among all: per protocol */
		{ BASE "[forward wide]\nprotocol = tcp\nport = 1-100\nto = 192.168.0.2\n"
		       "[forward u]\nprotocol = udp\nport = 2-3\nto = 192.168.0.2\n"
		       "[forward t]\nprotocol = tcp\nport = 50-60\nto = 192.168.0.2\n",
		  "t.conf:16: port \"50-60\" of [forward t] overlaps [forward wide] (port 1-100, "
		  "line 8) for tcp" },
		/* a disabled rule keeps its ports */
		{ BASE "[forward off]\nprotocol = tcp\nport = 80\nto = 192.168.0.2\nenabled = no\n"
		       "[forward on]\nprotocol = tcp\nport = 70-90\nto = 192.168.0.3\n",
		  "t.conf:13: port \"70-90\" of [forward on] overlaps [forward off] (port 80, line "
		  "8) for tcp" },
		/* the first in the file is named, whatever the order of the ports */
		{ BASE "[forward a]\nprotocol = tcp\nport = 900\nto = 192.168.0.2\n"
		       "[forward b]\nprotocol = tcp\nport = 100\nto = 192.168.0.2\n"
		       "[forward c]\nprotocol = tcp\nport = 100\nto = 192.168.0.2\n"
		       "[forward d]\nprotocol = tcp\nport = 900\nto = 192.168.0.2\n",
		  "t.conf:16: port \"100\" of [forward c] overlaps [forward b] (port 100, line 12) "
		  "for tcp" },
	};
	struct hnd_config cfg;

	(void)state;
	/* the same port for two protocols, and ranges that touch */
	load_ok(BASE "[forward t]\nprotocol = tcp\nport = 80\nto = 192.168.0.2\n"
		     "[forward u]\nprotocol = udp\nport = 80\nto = 192.168.0.3\n"
		     "[forward lo]\nprotocol = tcp+udp\nport = 1000-1999\nto = 192.168.0.2\n"
		     "[forward hi]\nprotocol = tcp+udp\nport = 2000-2999\nto = 192.168.0.3\n",
		&cfg);
	assert_int_equal(cfg.n_fwds, 4);
	hnd_config_free(&cfg);
	check_errors(bad, sizeof(bad) / sizeof(bad[0]));
}

/* The file's shape: sections, keys, lines. */
static void test_errors_syntax(void **state)
{
	static const struct error_case cases[] = {
		{ BASE "garbage\n", "t.conf:6: \"garbage\" is not KEY = VALUE" },
		{ BASE "[host nas\n", "t.conf:6: \"[host nas\" has no closing ']'" },
		{ BASE "[nat] [dhcp]\n", "t.conf:6: \"[nat] [dhcp]\" has more after ']'" },
		{ BASE "[lann]\n", "t.conf:6: \"[lann]\" " NOT_SECTION },
		{ BASE "[WAN]\n", "t.conf:6: \"[WAN]\" " NOT_SECTION },
		{ BASE "[host]\n", "t.conf:6: \"[host]\" needs a name: [host NAME]" },
		{ BASE "[nat x]\n", "t.conf:6: \"[nat x]\": [nat] takes no name" },
		{ BASE "[host my nas]\n",
		  "t.conf:6: \"my nas\" is not a host name (1-31 of A-Z a-z 0-9 _ . -)" },
		{ BASE "[forward abcdefghijklmnopqrstuvwxyz012345]\n",
		  "t.conf:6: \"abcdefghijklmnopqrstuvwxyz012345\" is not a forward name (1-31 of "
		  "A-Z a-z 0-9 _ . -)" },
		{ BASE "[host 192.168.0.5]\n",
		  "t.conf:6: \"192.168.0.5\" is not a host name: it reads as an address" },
		{ BASE "\n[wan]\n", "t.conf:7: \"[wan]\" is given twice (first on line 1)" },
		{ "interface = eth0\n[wan]\n", "t.conf:1: \"interface\" is outside any section" },
		{ BASE "[dhcp]\n" RANGE "leases = 5\n",
		  "t.conf:8: \"leases\" is not a key of [dhcp] (range, lease-time, dns, domain, "
		  "router, decline-time, lease-file, conflict-check)" },
		{ BASE "[host nas]\nMAC = 52:54:00:12:34:56\n",
		  "t.conf:7: \"MAC\" is not a key of [host nas] (mac, address, lease-time, "
		  "ignore)" },
		{ BASE "= eth0\n", "t.conf:6: \"\" is not a key of [lan] (interface, address)" },
		{ BASE "  # indented comment\ninterface = eth2\n",
		  "t.conf:7: \"interface\" is given twice in [lan] (first on line 4)" },
		{ BASE "[host nas]\nmac = 52:54:00:12:34:56\naddress = 192.168.0.4\n"
		       "mac = 52:54:00:12:34:57\n",
		  "t.conf:9: \"mac\" is given twice in [host nas] (first on line 7)" },
		/* what inih would take as a continuation is refused */
		{ BASE "[dhcp]\n" RANGE "dns = 1.1.1.1\n    8.8.8.8\n",
		  "t.conf:9: \"8.8.8.8\" is not KEY = VALUE" },
		{ BASE "[dhcp]\ndns = 192.168.0.1 " /* 200 characters in all */
		       "                                                                 "
		       "                                                                 "
		       "                                                     192.168.0.2\n",
		  "t.conf:7: the line is longer than 199 characters" },
	};

	(void)state;
	check_errors(cases, sizeof(cases) / sizeof(cases[0]));
}

/* What is needed, where: the message points at the section's header. */
static void test_errors_missing(void **state)
{
	static const struct error_case cases[] = {
		{ "", "t.conf:1: there is no [wan] section" },
		{ "# nothing\n\n", "t.conf:2: there is no [wan] section" },
		{ "[lan]\ninterface = eth1\naddress = 192.168.0.1/24\n",
		  "t.conf:3: there is no [wan] section" },
		{ "[wan]\ninterface = eth0\n", "t.conf:2: there is no [lan] section" },
		{ "[wan]\naddress = auto\n[lan]\ninterface = eth1\naddress = 192.168.0.1/24\n",
		  "t.conf:1: [wan] has no \"interface\"" },
		{ "[wan]\ninterface = eth0\n[lan]\ninterface = eth1\n",
		  "t.conf:3: [lan] has no \"address\"" },
		{ BASE "[dhcp]\nlease-time = 1h\n", "t.conf:6: [dhcp] has no \"range\"" },
		{ BASE "[dhcp]\n[nat]\n", "t.conf:6: [dhcp] has no \"range\"" },
		{ BASE "[host nas]\naddress = 192.168.0.4\n",
		  "t.conf:6: [host nas] has no \"mac\"" },
		{ BASE "[host nas]\n", "t.conf:6: [host nas] has no \"mac\"" },
		{ BASE "[host nas]\nmac = 52:54:00:12:34:56\n",
		  "t.conf:6: [host nas] has no \"address\"" },
		{ BASE "[forward web]\nprotocol = tcp\nport = 80\n[nat]\n",
		  "t.conf:6: [forward web] has no \"to\"" },
		{ BASE "[forward web]\nport = 80\nto = 192.168.0.2\n",
		  "t.conf:6: [forward web] has no \"protocol\"" },
		{ BASE "[forward web]\nprotocol = tcp\nto = 192.168.0.2\n",
		  "t.conf:6: [forward web] has no \"port\"" },
	};

	(void)state;
	check_errors(cases, sizeof(cases) / sizeof(cases[0]));
}

#define WAN_LAN(wan_addr, lan_if, lan_addr)                                                        \
	"[wan]\ninterface = eth0\naddress = " wan_addr "\n[lan]\ninterface = " lan_if              \
	"\naddress = " lan_addr "\n"

static void test_errors_wan_lan(void **state)
{
	static const struct error_case cases[] = {
		{ WAN_LAN("1.2.3", "eth1", "192.168.0.1/24"),
		  "t.conf:3: \"1.2.3\" is not an IPv4 address (A.B.C.D)" },
		{ WAN_LAN("Auto", "eth1", "192.168.0.1/24"),
		  "t.conf:3: \"Auto\" is not an IPv4 address (A.B.C.D)" },
		{ WAN_LAN("0.0.0.0", "eth1", "192.168.0.1/24"),
		  "t.conf:3: \"0.0.0.0\" is not a unicast address" },
		{ WAN_LAN("auto", "eth/1", "192.168.0.1/24"), "t.conf:5: \"eth/1\" " NOT_IFNAME },
		{ WAN_LAN("auto", "abcdefghijklmnop", "192.168.0.1/24"),
		  "t.conf:5: \"abcdefghijklmnop\" " NOT_IFNAME },
		{ WAN_LAN("auto", "eth 1", "192.168.0.1/24"), "t.conf:5: \"eth 1\" " NOT_IFNAME },
		{ WAN_LAN("auto", "eth0", "192.168.0.1/24"),
		  "t.conf:5: \"eth0\" is the WAN interface too (line 2)" },
		{ WAN_LAN("auto", "eth1", "192.168.0.1"),
		  "t.conf:6: \"192.168.0.1\" is not an address and prefix length (A.B.C.D/LEN)" },
		{ WAN_LAN("auto", "eth1", "lan/24"),
		  "t.conf:6: \"lan/24\" is not an IPv4 address (A.B.C.D)" },
		{ WAN_LAN("auto", "eth1", "192.168.0.1/31"),
		  "t.conf:6: \"192.168.0.1/31\" has a bad prefix length (1-30)" },
		{ WAN_LAN("auto", "eth1", "192.168.0.1/"),
		  "t.conf:6: \"192.168.0.1/\" has a bad prefix length (1-30)" },
		{ WAN_LAN("auto", "eth1", "192.168.0.0/24"),
		  "t.conf:6: \"192.168.0.0/24\" " NOT_NET_HOST },
		{ WAN_LAN("auto", "eth1", "192.168.0.255/24"),
		  "t.conf:6: \"192.168.0.255/24\" " NOT_NET_HOST },
		{ WAN_LAN("auto", "eth1", "239.1.1.1/24"),
		  "t.conf:6: \"239.1.1.1/24\" is not a unicast address" },
	};

	(void)state;
	check_errors(cases, sizeof(cases) / sizeof(cases[0]));
}

#define DHCP(keys) BASE "[dhcp]\n" keys

static void test_errors_dhcp(void **state)
{
	static const struct error_case cases[] = {
		{ DHCP("range = 192.168.0.100\n"),
		  "t.conf:7: \"192.168.0.100\" is not a range of addresses (FIRST LAST)" },
		{ DHCP("range = 192.168.0.100-192.168.0.199\n"),
		  "t.conf:7: \"192.168.0.100-192.168.0.199\" is not an IPv4 address (A.B.C.D)" },
		{ DHCP("range = 192.168.0.2 192.168.0.3 192.168.0.4\n"),
		  "t.conf:7: \"192.168.0.4\" is one address too many (FIRST LAST)" },
		{ DHCP("range = 192.168.0.199 192.168.0.100\n"),
		  "t.conf:7: \"192.168.0.199 192.168.0.100\" is an empty range (FIRST > LAST)" },
		{ DHCP("\nrange = 192.168.1.100 192.168.1.199\n"),
		  "t.conf:8: \"192.168.1.100\" is not inside the LAN" IN_LAN },
		{ DHCP("range = 192.168.0.100 192.168.1.199\n"),
		  "t.conf:7: \"192.168.1.199\" is not inside the LAN" IN_LAN },
		{ DHCP("range = 192.168.0.0 192.168.0.10\n"),
		  "t.conf:7: \"192.168.0.0\" is the LAN's network address" IN_LAN },
		{ DHCP("range = 192.168.0.200 192.168.0.255\n"),
		  "t.conf:7: \"192.168.0.255\" is the LAN's broadcast address" IN_LAN },
		{ DHCP("range = 192.168.0.1 192.168.0.10\n"),
		  "t.conf:7: \"192.168.0.1\" is the router's own address" IN_LAN },
		{ "[wan]\ninterface = eth0\n[lan]\ninterface = eth1\naddress = 10.0.0.50/24\n"
		  "[dhcp]\nrange = 10.0.0.10 10.0.0.100\n",
		  "t.conf:7: \"10.0.0.10 10.0.0.100\" holds the router's address 10.0.0.50" },
		{ DHCP(RANGE "router = 192.168.1.1\n"),
		  "t.conf:8: \"192.168.1.1\" is not inside the LAN" IN_LAN },
		{ DHCP(RANGE "router = 0.1.2.3\n"),
		  "t.conf:8: \"0.1.2.3\" is not a unicast address" },
		{ DHCP(RANGE "domain = home..arpa\n"), "t.conf:8: \"home..arpa\" " NOT_DOMAIN },
		{ DHCP(RANGE "domain = -home.arpa\n"), "t.conf:8: \"-home.arpa\" " NOT_DOMAIN },
		{ DHCP(RANGE "domain = home-.arpa\n"), "t.conf:8: \"home-.arpa\" " NOT_DOMAIN },
		{ DHCP(RANGE "domain = home.arpa.\n"), "t.conf:8: \"home.arpa.\" " NOT_DOMAIN },
		{ DHCP(RANGE "domain = my_home\n"), "t.conf:8: \"my_home\" " NOT_DOMAIN },
		{ DHCP(RANGE
		       "domain = "
		       "a234567890123456789012345678901234567890123456789012345678901234.arpa\n"),
		  "t.conf:8: "
		  "\"a234567890123456789012345678901234567890123456789012345678901234."
		  "arpa\" " NOT_DOMAIN },
		{ DHCP(RANGE "lease-file = leases\n"),
		  "t.conf:8: \"leases\" is not an absolute path" },
	};

	(void)state;
	check_errors(cases, sizeof(cases) / sizeof(cases[0]));
}

static void test_errors_nat(void **state)
{
	static const struct error_case cases[] = {
		{ BASE "[nat]\nfilter = eim\n",
		  "t.conf:7: \"eim\" is not a filter (eif, adf, apdf)" },
		{ BASE "[nat]\nports = 0-100\n",
		  "t.conf:7: \"0-100\" is not a port or port range (1-65535, LO-HI)" },
		{ BASE "[nat]\nports = 2000-1000\n",
		  "t.conf:7: \"2000-1000\" is an empty range (LO > HI)" },
		{ BASE "[nat]\nmax-sessions = 0\n", "t.conf:7: \"0\" is out of range (1-4194304)" },
		{ BASE "[nat]\nmax-sessions = 4194305\n",
		  "t.conf:7: \"4194305\" is out of range (1-4194304)" },
		{ BASE "[nat]\nmax-sessions = 99999999999\n",
		  "t.conf:7: \"99999999999\" is out of range (1-4194304)" },
		{ BASE "[nat]\nmax-sessions = 64k\n", "t.conf:7: \"64k\" is not a number" },
		{ BASE "[nat]\ninside = 10.0.0.0/8, 10.0.0.1/8\n",
		  "t.conf:7: \"10.0.0.1/8\" has host bits set after the prefix length" },
		{ BASE
		  "[nat]\ninside = 1.0.0.0/8 2.0.0.0/8 3.0.0.0/8 4.0.0.0/8 5.0.0.0/8 6.0.0.0/8 "
		  "7.0.0.0/8 8.0.0.0/8 9.0.0.0/8 10.0.0.0/8 11.0.0.0/8 12.0.0.0/8 13.0.0.0/8 "
		  "14.0.0.0/8 15.0.0.0/8 16.0.0.0/8 17.0.0.0/8\n",
		  "t.conf:7: \"17.0.0.0/8\" is one prefix too many (16 at most)" },
		{ BASE "[nat]\ntimeout-sctp = 5\n",
		  "t.conf:7: \"timeout-sctp\" is not a key of [nat] (filter, fastpath, ports, "
		  "max-sessions, timeout-udp, timeout-tcp, timeout-tcp-transitory, timeout-icmp, "
		  "timeout-embryonic, inside)" },
		{ BASE "[nat]\nfastpath = always\n",
		  "t.conf:7: \"always\" is not a fast path mode (off, auto, on)" },
	};
	struct hnd_config cfg;

	(void)state;
	load_ok(BASE "[nat]\nfilter = eif\nports=1024-2047\n", &cfg);
	assert_int_equal(cfg.nat.present, HN_NAT_FILTER | HN_NAT_PORTS);
	assert_int_equal(cfg.nat.filter, HOMENET_FILTER_EIF);
	assert_int_equal(cfg.nat.port_min, 1024);
	assert_int_equal(cfg.nat.port_max, 2047);
	hnd_config_free(&cfg);
	load_ok(BASE "[nat]\nfilter = apdf\nmax-sessions = 4194304\n", &cfg);
	assert_int_equal(cfg.nat.filter, HOMENET_FILTER_APDF);
	assert_int_equal(cfg.nat.max_sessions, 4194304);
	hnd_config_free(&cfg);
	load_ok(BASE "[nat]\nfastpath = on\n", &cfg);
	assert_int_equal(cfg.nat.present, HN_NAT_FASTPATH);
	assert_int_equal(cfg.nat.fastpath, HOMENET_FASTPATH_ON);
	hnd_config_free(&cfg);
	check_errors(cases, sizeof(cases) / sizeof(cases[0]));
}

#define HOST(name, mac, addr) "[host " name "]\nmac = " mac "\naddress = " addr "\n"

static void test_errors_hosts(void **state)
{
	static const struct error_case cases[] = {
		{ BASE HOST("nas", "52:54:00:12:34", "192.168.0.4"),
		  "t.conf:7: \"52:54:00:12:34\" " NOT_MAC },
		{ BASE HOST("nas", "52:54:00:12:34:567", "192.168.0.4"),
		  "t.conf:7: \"52:54:00:12:34:567\" " NOT_MAC },
		{ BASE HOST("nas", "52-54-00:12:34:56", "192.168.0.4"),
		  "t.conf:7: \"52-54-00:12:34:56\" " NOT_MAC },
		{ BASE HOST("nas", "52:54:00:12:34:5g", "192.168.0.4"),
		  "t.conf:7: \"52:54:00:12:34:5g\" " NOT_MAC },
		{ BASE HOST("nas", "5254.0012.3456", "192.168.0.4"),
		  "t.conf:7: \"5254.0012.3456\" " NOT_MAC },
		{ BASE HOST("nas", "01:00:5e:00:00:01", "192.168.0.4"),
		  "t.conf:7: \"01:00:5e:00:00:01\" is not a unicast MAC address" },
		{ BASE HOST("nas", "00:00:00:00:00:00", "192.168.0.4"),
		  "t.conf:7: \"00:00:00:00:00:00\" is not a unicast MAC address" },
		{ BASE HOST("nas", "52:54:00:12:34:56", "192.168.0.256"),
		  "t.conf:8: \"192.168.0.256\" is not an IPv4 address (A.B.C.D)" },
		{ BASE HOST("nas", "52:54:00:12:34:56", "10.0.0.4"),
		  "t.conf:8: \"10.0.0.4\" is not inside the LAN" IN_LAN },
		{ BASE HOST("nas", "52:54:00:12:34:56", "192.168.0.1"),
		  "t.conf:8: \"192.168.0.1\" is the router's own address" IN_LAN },
		{ BASE HOST("nas", "52:54:00:12:34:56", "192.168.0.255"),
		  "t.conf:8: \"192.168.0.255\" is the LAN's broadcast address" IN_LAN },
		{ BASE HOST("nas", "52:54:00:12:34:56", "192.168.0.4")
			  HOST("pc", "52:54:00:12:34:57", "192.168.0.5")
				  HOST("nas", "52:54:00:12:34:58", "192.168.0.6"),
		  "t.conf:12: \"[host nas]\" is given twice (first on line 6)" },
		{ BASE HOST("nas", "52:54:00:ab:cd:ef", "192.168.0.4")
			  HOST("pc", "52:54:00:AB:CD:EF", "192.168.0.5"),
		  "t.conf:10: \"52:54:00:ab:cd:ef\" is the MAC address of [host nas] already (line "
		  "7)" },
		{ BASE HOST("nas", "52:54:00:12:34:56", "192.168.0.4")
			  HOST("pc", "52:54:00:12:34:57", "192.168.0.5")
				  HOST("tv", "52:54:00:12:34:58", "192.168.0.4"),
		  "t.conf:14: \"192.168.0.4\" is the address of [host nas] already (line 8)" },
	};
	struct hnd_config cfg;

	(void)state;
	/* a host inside the pool is taken: the pool leaves it out */
	load_ok(BASE "[dhcp]\nrange = 192.168.0.100 192.168.0.199\n"
		     "[host in-pool]\nmac = 02:00:00:00:00:01\naddress = 192.168.0.150\n",
		&cfg);
	assert_int_equal(cfg.n_hosts, 1);
	assert_int_equal(cfg.hosts[0].addr, ADDR(192, 168, 0, 150));
	hnd_config_free(&cfg);
	check_errors(cases, sizeof(cases) / sizeof(cases[0]));
}

#define FWD(name, proto, port, to)                                                                 \
	"[forward " name "]\nprotocol = " proto "\nport = " port "\nto = " to "\n"

static void test_errors_forwards(void **state)
{
	static const struct error_case cases[] = {
		{ BASE FWD("web", "sctp", "80", "192.168.0.2"),
		  "t.conf:7: \"sctp\" is not a forward protocol (tcp, udp, tcp+udp)" },
		{ BASE FWD("web", "tcp", "0", "192.168.0.2"),
		  "t.conf:8: \"0\" is not a port or port range (1-65535, LO-HI)" },
		{ BASE FWD("web", "tcp", "65536", "192.168.0.2"),
		  "t.conf:8: \"65536\" is not a port or port range (1-65535, LO-HI)" },
		{ BASE FWD("web", "tcp", "90-80", "192.168.0.2"),
		  "t.conf:8: \"90-80\" is an empty range (LO > HI)" },
		{ BASE FWD("web", "tcp", "80", "nas2:80")
			  HOST("nas", "52:54:00:12:34:56", "192.168.0.4"),
		  "t.conf:9: \"nas2\" is neither a [host] nor an address" },
		{ BASE FWD("web", "tcp", "80", ":80"),
		  "t.conf:9: \"\" is neither a [host] nor an address" },
		{ BASE FWD("web", "tcp", "80", "127.0.0.1:80"),
		  "t.conf:9: \"127.0.0.1\" is not a unicast address" },
		{ BASE FWD("web", "tcp", "80", "192.168.0.2:0"),
		  "t.conf:9: \"192.168.0.2:0\" " BAD_TO_PORTS },
		{ BASE FWD("web", "tcp", "80", "192.168.0.2:"),
		  "t.conf:9: \"192.168.0.2:\" " BAD_TO_PORTS },
		{ BASE FWD("web", "tcp", "80", "192.168.0.2:http"),
		  "t.conf:9: \"192.168.0.2:http\" " BAD_TO_PORTS },
		{ BASE FWD("web", "tcp", "5000-5010", "192.168.0.2:6000-6005"),
		  "t.conf:9: \"192.168.0.2:6000-6005\" is a range of another length than the "
		  "external one (give one port, or as many)" },
		{ BASE FWD("web", "tcp", "5000-5010", "192.168.0.2:65530"),
		  "t.conf:9: \"192.168.0.2:65530\" leaves fewer ports up to 65535 than the "
		  "external range has" },
		{ BASE FWD("web", "tcp", "80", "abcdefghijklmnopqrstuvwxyz01234:65535-65535x"),
		  "t.conf:9: \"abcdefghijklmnopqrstuvwxyz01234:65535-65535x\" is not "
		  "HOST[:PORT[-PORT]]" },
		{ BASE FWD("web", "tcp", "80", "192.168.0.2") "from = 10.0.0.1/8\n",
		  "t.conf:10: \"10.0.0.1/8\" has host bits set after the prefix length" },
		{ BASE FWD("web", "tcp", "80", "192.168.0.2") "from = internet\n",
		  "t.conf:10: \"internet\" is not a prefix (A.B.C.D/LEN)" },
		{ BASE FWD("web", "tcp", "80", "192.168.0.2") "enabled = maybe\n",
		  "t.conf:10: \"maybe\" is not yes or no" },
		{ BASE FWD("web", "tcp", "80", "192.168.0.2") FWD("ssh", "tcp", "22", "192.168.0.2")
			  FWD("web", "udp", "80", "192.168.0.2"),
		  "t.conf:14: \"[forward web]\" is given twice (first on line 6)" },
	};

	(void)state;
	check_errors(cases, sizeof(cases) / sizeof(cases[0]));
}

/* A file of @n hosts and as many forwards to them (to be freed). */
static char *big_config(unsigned int n)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	unsigned int i;

	assert_non_null(out);
	fprintf(out, "[wan]\ninterface = eth0\n[lan]\ninterface = eth1\naddress = 10.0.0.1/16\n"
		     "[dhcp]\nrange = 10.0.200.0 10.0.255.254\n");
	for (i = 0; i < n; i++)
		fprintf(out, "[host h%u]\nmac = 52:54:00:00:%02x:%02x\naddress = 10.0.%u.%u\n", i,
			i >> 8, i & 0xff, 1 + i / 250, 1 + i % 250);
	/* in reverse: every forward names a [host] read before it... */
	for (i = n; i-- > 0;)
		fprintf(out, "[forward f%u]\nprotocol = %s\nport = %u\nto = h%u:80\n", i,
			i & 1 ? "tcp+udp" : "tcp", 10000 + i, i);
	/* ...and one names a [host] read after it */
	fprintf(out, "[forward late]\nprotocol = udp\nport = 53\nto = last:53\n"
		     "[host last]\nmac = 02:00:00:00:00:01\naddress = 10.0.100.1\n");
	assert_int_equal(fclose(out), 0);
	return text;
}

static void test_scale(void **state)
{
	char *text = big_config(1000);
	struct hnd_config cfg;
	size_t i;

	(void)state;
	load_ok(text, &cfg);
	assert_int_equal(cfg.n_hosts, 1001);
	assert_int_equal(cfg.n_fwds, 1001);
	assert_string_equal(cfg.hosts[999].name, "h999");
	assert_int_equal(cfg.hosts[999].addr, ADDR(10, 0, 4, 250));
	assert_int_equal(cfg.hosts[999].mac[4], 3);
	assert_int_equal(cfg.hosts[999].mac[5], 0xe7);
	for (i = 0; i < 1000; i++) {
		const struct hn_fwd *f = &cfg.fwds[999 - i];

		assert_int_equal(f->ext_port_min, 10000 + i);
		assert_int_equal(f->int_addr, cfg.hosts[i].addr);
		assert_int_equal(f->int_port_min, 80);
	}
	assert_string_equal(cfg.fwds[1000].name, "late");
	assert_int_equal(cfg.fwds[1000].int_addr, ADDR(10, 0, 100, 1));
	hnd_config_free(&cfg);
	free(text);
}

/* From a file: the path names the file in messages; a NUL byte is refused. */
static void test_load_file(void **state)
{
	char path[] = "/tmp/test_config.XXXXXX", err[HND_CONFIG_ERR_MAX], want[HND_CONFIG_ERR_MAX];
	static const char bad[] = BASE "[nat]\nfilter = eim\n";
	static const char nul[] = BASE "[nat]\nfil\0ter = eif\n";
	struct hnd_config cfg;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, example, strlen(example)), (ssize_t)strlen(example));
	assert_int_equal(hnd_config_load(path, &cfg, err, sizeof(err)), 0);
	assert_int_equal(cfg.n_fwds, 1);
	hnd_config_free(&cfg);

	assert_int_equal(ftruncate(fd, 0), 0);
	assert_int_equal(pwrite(fd, bad, strlen(bad), 0), (ssize_t)strlen(bad));
	assert_int_equal(hnd_config_load(path, &cfg, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s:7: \"eim\" is not a filter (eif, adf, apdf)", path);
	assert_string_equal(err, want);

	assert_int_equal(ftruncate(fd, 0), 0);
	assert_int_equal(pwrite(fd, nul, sizeof(nul) - 1, 0), (ssize_t)sizeof(nul) - 1);
	assert_int_equal(hnd_config_load(path, &cfg, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s:7: the line has a NUL byte", path);
	assert_string_equal(err, want);

	assert_int_equal(ftruncate(fd, 0), 0);
	assert_int_equal(hnd_config_load(path, &cfg, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s:1: there is no [wan] section", path);
	assert_string_equal(err, want);
	close(fd);
	unlink(path);

	assert_int_equal(hnd_config_load(path, &cfg, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s: No such file or directory", path);
	assert_string_equal(err, want);
}

/* A reload that fails keeps the old config; a short buffer gets what fits. */
static void test_atomic(void **state)
{
	struct hnd_config cfg, old;
	char err[24];

	(void)state;
	load_ok(example, &cfg);
	old = cfg;
	assert_int_equal(
		hnd_config_parse(BASE "[nat]\nfilter = eim\n", "t.conf", &cfg, err, sizeof(err)),
		-1);
	assert_string_equal(err, "t.conf:7: \"eim\" is not ");
	assert_memory_equal(&cfg, &old, sizeof(cfg));
	assert_int_equal(hnd_config_parse(example, "t.conf", &cfg, err, 0), 0);
	assert_ptr_not_equal(cfg.hosts, old.hosts);
	hnd_config_free(&old);
	hnd_config_free(&cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_example),
		cmocka_unit_test(test_shipped_example),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_durations),
		cmocka_unit_test(test_dns_lists),
		cmocka_unit_test(test_forward_resolution),
		cmocka_unit_test(test_overlap),
		cmocka_unit_test(test_errors_syntax),
		cmocka_unit_test(test_errors_missing),
		cmocka_unit_test(test_errors_wan_lan),
		cmocka_unit_test(test_errors_dhcp),
		cmocka_unit_test(test_errors_nat),
		cmocka_unit_test(test_errors_hosts),
		cmocka_unit_test(test_errors_forwards),
		cmocka_unit_test(test_scale),
		cmocka_unit_test(test_load_file),
		cmocka_unit_test(test_atomic),
	};

	return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
