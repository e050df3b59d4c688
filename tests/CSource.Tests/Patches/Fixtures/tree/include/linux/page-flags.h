/*
 * Sample tree for folint's patch tests (written for folint, not Linux source).
 * A few flags and accessors in the shape of the kernel's page-flags.h.
 */
#ifndef SAMPLE_PAGE_FLAGS_H
#define SAMPLE_PAGE_FLAGS_H

enum pageflags {
	PG_locked,
	PG_referenced,
	PG_active,
	PG_private,
	PG_reclaim,
	NR_PAGEFLAGS,
};

static inline void folio_set_active(struct folio *folio)
{
	set_bit(PG_active, &folio->flags);
}

static inline void folio_clear_active(struct folio *folio)
{
	clear_bit(PG_active, &folio->flags);
}

#endif
