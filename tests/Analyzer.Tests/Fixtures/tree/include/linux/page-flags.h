/*
 * Kernel-shaped page flags for folint's rule fixtures (written for folint, not Linux source).
 * The shape the rules read from a real tree: an enum of flag bits with aliases, page policies that say
 * which page of a folio holds a flag, and generator macros that write the accessors.
 */
#ifndef FIXTURE_PAGE_FLAGS_H
#define FIXTURE_PAGE_FLAGS_H

enum pageflags {
	PG_locked,
	PG_referenced,
	PG_uptodate,
	PG_dirty,
	PG_lru,
	PG_head,
	PG_active,
	PG_workingset,
	PG_owner_2,
	PG_reserved,
	PG_private,
	PG_reclaim,
	PG_swapbacked,
	PG_hwpoison,
	__NR_PAGEFLAGS,
	PG_readahead = PG_reclaim,
	PG_anon_exclusive = PG_owner_2,
	/* kept in the second page's word of a large folio */
	PG_has_hwpoisoned = PG_active,
	PG_large_rmappable = PG_workingset,
	PG_partially_mapped = PG_reclaim,
};

/* which page's word a flag lives in, for folio accessors */
#define FOLIO_PF_ANY		0
#define FOLIO_PF_HEAD		0
#define FOLIO_PF_NO_COMPOUND	0
#define FOLIO_PF_SECOND		1
#define FOLIO_HEAD_PAGE		0
#define FOLIO_SECOND_PAGE	1

/* page policies: the page whose word holds the flag */
#define PF_ANY(page, enforce)		({ page; })
#define PF_HEAD(page, enforce)		({ compound_head(page); })
#define PF_NO_COMPOUND(page, enforce)	({ page; })
#define PF_SECOND(page, enforce)	({ &page[1]; })

static inline unsigned long *folio_flags(struct folio *folio, unsigned n)
{
	struct page *page = &folio->page;

	return &page[n].flags;
}

static inline const unsigned long *const_folio_flags(const struct folio *folio, unsigned n)
{
	const struct page *page = &folio->page;

	return &page[n].flags;
}

#define FOLIO_TEST_FLAG(name, which)						\
static __always_inline bool folio_test_##name(const struct folio *folio)	\
{ return test_bit(PG_##name, const_folio_flags(folio, which)); }

#define FOLIO_SET_FLAG(name, which)						\
static __always_inline void folio_set_##name(struct folio *folio)		\
{ set_bit(PG_##name, folio_flags(folio, which)); }

#define FOLIO_CLEAR_FLAG(name, which)						\
static __always_inline void folio_clear_##name(struct folio *folio)		\
{ clear_bit(PG_##name, folio_flags(folio, which)); }

#define __FOLIO_SET_FLAG(name, which)						\
static __always_inline void __folio_set_##name(struct folio *folio)		\
{ __set_bit(PG_##name, folio_flags(folio, which)); }

#define __FOLIO_CLEAR_FLAG(name, which)						\
static __always_inline void __folio_clear_##name(struct folio *folio)		\
{ __clear_bit(PG_##name, folio_flags(folio, which)); }

#define FOLIO_TEST_SET_FLAG(name, which)					\
static __always_inline bool folio_test_set_##name(struct folio *folio)	\
{ return test_and_set_bit(PG_##name, folio_flags(folio, which)); }

#define FOLIO_FLAG(name, which)							\
FOLIO_TEST_FLAG(name, which)							\
FOLIO_SET_FLAG(name, which)							\
FOLIO_CLEAR_FLAG(name, which)

#define TESTPAGEFLAG(uname, lname, policy)					\
FOLIO_TEST_FLAG(lname, FOLIO_##policy)						\
static __always_inline int Page##uname(const struct page *page)			\
{ return test_bit(PG_##lname, &policy(page, 0)->flags); }

#define SETPAGEFLAG(uname, lname, policy)					\
FOLIO_SET_FLAG(lname, FOLIO_##policy)						\
static __always_inline void SetPage##uname(struct page *page)			\
{ set_bit(PG_##lname, &policy(page, 1)->flags); }

#define CLEARPAGEFLAG(uname, lname, policy)					\
FOLIO_CLEAR_FLAG(lname, FOLIO_##policy)						\
static __always_inline void ClearPage##uname(struct page *page)			\
{ clear_bit(PG_##lname, &policy(page, 1)->flags); }

#define __SETPAGEFLAG(uname, lname, policy)					\
__FOLIO_SET_FLAG(lname, FOLIO_##policy)						\
static __always_inline void __SetPage##uname(struct page *page)			\
{ __set_bit(PG_##lname, &policy(page, 1)->flags); }

#define __CLEARPAGEFLAG(uname, lname, policy)					\
__FOLIO_CLEAR_FLAG(lname, FOLIO_##policy)					\
static __always_inline void __ClearPage##uname(struct page *page)		\
{ __clear_bit(PG_##lname, &policy(page, 1)->flags); }

#define TESTSETFLAG(uname, lname, policy)					\
FOLIO_TEST_SET_FLAG(lname, FOLIO_##policy)					\
static __always_inline int TestSetPage##uname(struct page *page)		\
{ return test_and_set_bit(PG_##lname, &policy(page, 1)->flags); }

#define PAGEFLAG(uname, lname, policy)						\
	TESTPAGEFLAG(uname, lname, policy)					\
	SETPAGEFLAG(uname, lname, policy)					\
	CLEARPAGEFLAG(uname, lname, policy)

#define __PAGEFLAG(uname, lname, policy)					\
	TESTPAGEFLAG(uname, lname, policy)					\
	__SETPAGEFLAG(uname, lname, policy)					\
	__CLEARPAGEFLAG(uname, lname, policy)

#define FOLIO_TEST_FLAG_FALSE(name)						\
static inline bool folio_test_##name(const struct folio *folio) { return false; }
#define FOLIO_SET_FLAG_NOOP(name)						\
static inline void folio_set_##name(struct folio *folio) { }
#define FOLIO_CLEAR_FLAG_NOOP(name)						\
static inline void folio_clear_##name(struct folio *folio) { }
#define __FOLIO_SET_FLAG_NOOP(name)						\
static inline void __folio_set_##name(struct folio *folio) { }
#define __FOLIO_CLEAR_FLAG_NOOP(name)						\
static inline void __folio_clear_##name(struct folio *folio) { }
#define FOLIO_FLAG_FALSE(name)							\
FOLIO_TEST_FLAG_FALSE(name)							\
FOLIO_SET_FLAG_NOOP(name)							\
FOLIO_CLEAR_FLAG_NOOP(name)

__PAGEFLAG(Locked, locked, PF_NO_COMPOUND)
FOLIO_FLAG(referenced, FOLIO_HEAD_PAGE)
PAGEFLAG(Dirty, dirty, PF_HEAD)
PAGEFLAG(LRU, lru, PF_HEAD) __CLEARPAGEFLAG(LRU, lru, PF_HEAD)
FOLIO_FLAG(active, FOLIO_HEAD_PAGE)
	__FOLIO_CLEAR_FLAG(active, FOLIO_HEAD_PAGE)
PAGEFLAG(Reserved, reserved, PF_NO_COMPOUND)
	__SETPAGEFLAG(Reserved, reserved, PF_NO_COMPOUND)
	__CLEARPAGEFLAG(Reserved, reserved, PF_NO_COMPOUND)
FOLIO_FLAG(swapbacked, FOLIO_HEAD_PAGE)
	__FOLIO_SET_FLAG(swapbacked, FOLIO_HEAD_PAGE)
PAGEFLAG(Private, private, PF_ANY)
FOLIO_FLAG(readahead, FOLIO_HEAD_PAGE)
	__FOLIO_SET_FLAG(readahead, FOLIO_HEAD_PAGE)

#ifdef CONFIG_MEMORY_FAILURE
PAGEFLAG(HWPoison, hwpoison, PF_ANY)
TESTSETFLAG(HWPoison, hwpoison, PF_ANY)
#endif

#ifdef CONFIG_TRANSPARENT_HUGEPAGE
FOLIO_FLAG(has_hwpoisoned, FOLIO_SECOND_PAGE)
FOLIO_FLAG(large_rmappable, FOLIO_SECOND_PAGE)
/* the seed-000 shape: a second-page flag with non-atomic setters only */
FOLIO_TEST_FLAG(partially_mapped, FOLIO_SECOND_PAGE)
__FOLIO_SET_FLAG(partially_mapped, FOLIO_SECOND_PAGE)
__FOLIO_CLEAR_FLAG(partially_mapped, FOLIO_SECOND_PAGE)
#else
FOLIO_FLAG_FALSE(has_hwpoisoned)
FOLIO_FLAG_FALSE(large_rmappable)
FOLIO_TEST_FLAG_FALSE(partially_mapped)
__FOLIO_SET_FLAG_NOOP(partially_mapped)
__FOLIO_CLEAR_FLAG_NOOP(partially_mapped)
#endif

static __always_inline void SetPageAnonExclusive(struct page *page)
{
	set_bit(PG_anon_exclusive, &PF_ANY(page, 1)->flags);
}

static __always_inline void __ClearPageAnonExclusive(struct page *page)
{
	__clear_bit(PG_anon_exclusive, &PF_ANY(page, 1)->flags);
}

#endif
