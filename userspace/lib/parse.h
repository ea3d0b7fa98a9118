/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Parsers for the words of a command line.  Each returns 0, or -1 leaving
 * the reason (without the word) in @why for the caller to quote.
 */
#ifndef HN_PARSE_H
#define HN_PARSE_H

#include <stdbool.h>
#include <stdint.h>

#include "hnl.h"

int parse_ipv4(const char *s, uint32_t *addr, const char **why);
int parse_prefix(const char *s, struct hn_prefix *p, const char **why);
/* "P1,P2,...": at most @max prefixes */
int parse_prefix_list(const char *s, struct hn_prefix *list, unsigned int max, unsigned int *n,
		      const char **why);
/* "LO-HI" or "P" */
int parse_port_range(const char *s, uint16_t *lo, uint16_t *hi, const char **why);
int parse_u32(const char *s, uint32_t min, uint32_t max, uint32_t *v, const char **why);
/* "A.B.C.D:PORT"; with @port_optional also "A.B.C.D" (port 0) */
int parse_endpoint(const char *s, uint32_t *addr, uint16_t *port, bool port_optional,
		   const char **why);
int parse_proto(const char *s, uint8_t *proto, const char **why);
/* A forward rule's "tcp", "udp", "tcp+udp" (or "both"): HOMENET_FWD_* bits */
int parse_fwd_proto(const char *s, uint8_t *proto, const char **why);
/* A forward rule's name: 1 to HN_FWD_NAME_LEN - 1 of [A-Za-z0-9_.-] */
int parse_rule_name(const char *s, char *name, const char **why);

/* Text for a protocol number and for an address (static buffer per call site) */
const char *proto_name(uint8_t proto);
const char *ipv4_str(uint32_t addr, char *buf);
/* Text for HOMENET_FWD_* bits: "tcp", "udp", "tcp+udp" */
const char *fwd_proto_name(uint8_t proto);
/* "LO-HI", or "P" when LO == HI, in @buf of PORT_RANGE_STRLEN */
#define PORT_RANGE_STRLEN 12
const char *port_range_str(uint16_t lo, uint16_t hi, char *buf);

#endif /* HN_PARSE_H */
