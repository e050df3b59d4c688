/*
 * Kernel-shaped mapcount accessors and page-type tests for folint's rule fixtures (written for folint, not
 * Linux source). _mapcount is stored offset by -1 and shares its word with the page type: values at or below
 * PAGE_MAPCOUNT_RESERVE are page types, not mapcounts.
 */
#ifndef FIXTURE_MM_H
#define FIXTURE_MM_H

#include <linux/mm_types.h>

#define PAGE_MAPCOUNT_RESERVE	(-128)

static inline bool page_type_has_type(int page_type)
{
	return page_type < PAGE_MAPCOUNT_RESERVE;
}

/* Takes a mapcount one more than the stored value. */
static inline bool page_mapcount_is_type(unsigned int mapcount)
{
	return page_type_has_type(mapcount - 1);
}

static inline int folio_entire_mapcount(const struct folio *folio)
{
	return atomic_read(&folio->_entire_mapcount) + 1;
}

static inline int folio_large_mapcount(const struct folio *folio)
{
	return atomic_read(&folio->_large_mapcount) + 1;
}

static inline int folio_mapcount(const struct folio *folio)
{
	int mapcount;

	if (!folio_test_large(folio)) {
		mapcount = atomic_read(&folio->_mapcount) + 1;
		if (page_mapcount_is_type(mapcount))
			mapcount = 0;
		return mapcount;
	}
	return folio_large_mapcount(folio);
}

static inline int folio_nr_pages_mapped(const struct folio *folio)
{
	return atomic_read(&folio->_nr_pages_mapped) & 0x7fffff;
}

#endif /* FIXTURE_MM_H */
