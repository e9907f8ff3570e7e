/* What db/changeset.c shares with db/changeset_tables.c: the tables a changeset may
 * touch and the fixed SQL that reads each. */
#ifndef SHEKARA_CHANGESET_INTERNAL_H
#define SHEKARA_CHANGESET_INTERNAL_H

#include <stddef.h>

#include "db/changeset.h"

/* The mark a record table advances, as a place in struct changeset_marks. */
#define MARK(field) offsetof(struct changeset_marks, field)

/* A table a changeset may touch, and the fixed SQL that reads it. */
struct table_def {
	const char *name;
	const char *ordered;   /* watchlist: every row in primary-key order, for checksums */
	const char *entry_col; /* watchlist: the column holding a wl_entries id, */
	const char *owner;     /* and the entry of a row (by its key ?1) when not in the key */
	const char *copy;      /* records: the rows after ?1 into the scratch copy */
	size_t mark;
	const char *open_col; /* records sent again while open: the column that says so, */
	const char *open_is;  /* holding this text while open (NULL: while it is NULL) */
	/* records: the next mark, in the snapshot of the copy (?1: the one before); shifts
	 * and cases stop below the oldest still open, which is sent again */
	const char *next;
};

/* Children first: see changeset_watchlist_diff in the header. */
extern const struct table_def WATCHLIST[];
extern const size_t N_WATCHLIST;
extern const struct table_def RECORDS[];
extern const size_t N_RECORDS;

#endif
