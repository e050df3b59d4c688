/*
 * Sample tree for folint: kernel-shaped, written for folint's tests (not Linux source).
 * A handful of page flags declared the way the kernel's page-flags.h declares them: an enum of bit
 * numbers, page policies saying which page of a folio holds a flag, and generator macros that define
 * the accessors (folio_test_foo(), folio_set_foo(), __folio_set_foo(), ...).
 */
#ifndef PAGE_FLAGS_H
#define PAGE_FLAGS_H

#include <linux/types.h>
#include <linux/bitops.h>
#include <linux/mm_types.h>

enum pageflags {
	PG_locked,		/* page is locked: don't touch */
	PG_referenced,
	PG_uptodate,
	PG_dirty,
	PG_lru,
	PG_head,		/* head page of a compound page */
	PG_active,
	PG_private,		/* fs-private data in page->private */
	PG_hwpoison,		/* hardware poisoned page */
	__NR_PAGEFLAGS,

	/* Two page bits are reused in the second page of a large folio. */
	PG_has_hwpoisoned = PG_active,
	PG_large_rmappable = PG_referenced,
	PG_partially_mapped = PG_dirty,

	/* Anonymous pages reuse a bit that only the page cache uses. */
	PG_anon_exclusive = PG_private,
};

/* Which page of a folio holds a flag. */
#define FOLIO_PF_ANY		0
#define FOLIO_HEAD_PAGE		0
#define FOLIO_SECOND_PAGE	1

static __always_inline unsigned long *folio_flags(struct folio *folio, unsigned n)
{
	struct page *page = &folio->page;

	return &page[n].flags;
}

static __always_inline const unsigned long *const_folio_flags(const struct folio *folio, unsigned n)
{
	const struct page *page = &folio->page;

	return &page[n].flags;
}

#define FOLIO_TEST_FLAG(name, page)					\
static __always_inline bool folio_test_##name(const struct folio *folio)	\
{ return test_bit(PG_##name, const_folio_flags(folio, page)); }

#define FOLIO_SET_FLAG(name, page)					\
static __always_inline void folio_set_##name(struct folio *folio)	\
{ set_bit(PG_##name, folio_flags(folio, page)); }

#define FOLIO_CLEAR_FLAG(name, page)					\
static __always_inline void folio_clear_##name(struct folio *folio)	\
{ clear_bit(PG_##name, folio_flags(folio, page)); }

/* Non-atomic: only where nobody else can see the folio (allocation and free paths). */
#define __FOLIO_SET_FLAG(name, page)					\
static __always_inline void __folio_set_##name(struct folio *folio)	\
{ __set_bit(PG_##name, folio_flags(folio, page)); }

#define __FOLIO_CLEAR_FLAG(name, page)					\
static __always_inline void __folio_clear_##name(struct folio *folio)	\
{ __clear_bit(PG_##name, folio_flags(folio, page)); }

#define FOLIO_FLAG(name, page)						\
FOLIO_TEST_FLAG(name, page)						\
FOLIO_SET_FLAG(name, page)						\
FOLIO_CLEAR_FLAG(name, page)

FOLIO_FLAG(referenced, FOLIO_HEAD_PAGE)
FOLIO_FLAG(dirty, FOLIO_HEAD_PAGE)
FOLIO_FLAG(lru, FOLIO_HEAD_PAGE)
FOLIO_FLAG(active, FOLIO_HEAD_PAGE)
FOLIO_FLAG(private, FOLIO_HEAD_PAGE)
FOLIO_TEST_FLAG(locked, FOLIO_HEAD_PAGE)
__FOLIO_SET_FLAG(locked, FOLIO_HEAD_PAGE)
__FOLIO_CLEAR_FLAG(locked, FOLIO_HEAD_PAGE)

FOLIO_FLAG(has_hwpoisoned, FOLIO_SECOND_PAGE)
FOLIO_FLAG(large_rmappable, FOLIO_SECOND_PAGE)
FOLIO_TEST_FLAG(partially_mapped, FOLIO_SECOND_PAGE)
__FOLIO_SET_FLAG(partially_mapped, FOLIO_SECOND_PAGE)
__FOLIO_CLEAR_FLAG(partially_mapped, FOLIO_SECOND_PAGE)

#endif /* PAGE_FLAGS_H */
