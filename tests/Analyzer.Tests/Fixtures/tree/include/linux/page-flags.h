/* Kernel-shaped page flags for folint's rule fixtures (written for folint, not Linux source). */
#ifndef FIXTURE_PAGE_FLAGS_H
#define FIXTURE_PAGE_FLAGS_H

enum pageflags {
	PG_locked,
	PG_referenced,
	PG_dirty,
	PG_private,
	PG_reclaim,
	PG_head,
	PG_active,
	PG_workingset,
	PG_hwpoison,
	PG_anon_exclusive,
	__NR_PAGEFLAGS,
	PG_readahead = PG_reclaim,
	PG_has_hwpoisoned = PG_active,
	PG_large_rmappable = PG_workingset,
	PG_partially_mapped = PG_reclaim,
};

#endif
