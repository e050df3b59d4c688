/*
 * folint's stand-in for the part of include/linux/page-flags.h that a patch's hunks do not show: the folio
 * flag-word helpers and the generator macros, so that a hunk adding __FOLIO_SET_FLAG(foo, FOLIO_SECOND_PAGE)
 * defines __folio_set_foo() for check-patch without a tree. Written for folint (not Linux source): each
 * generator defines the accessor the kernel's macro of the same name defines, and nothing else.
 * check-patch puts this text before the hunks of page-flags.h it checks; its lines never carry findings.
 */
#define FOLIO_PF_ANY		0
#define FOLIO_PF_HEAD		0
#define FOLIO_PF_NO_TAIL	0
#define FOLIO_PF_NO_COMPOUND	0
#define FOLIO_PF_SECOND		1
#define FOLIO_HEAD_PAGE		0
#define FOLIO_SECOND_PAGE	1

/* The flags word of page n of the folio (0: the head page, 1: the second page). */
static unsigned long *folio_flags(struct folio *folio, unsigned n)
{
	struct page *page = &folio->page;
	return &page[n].flags;
}

static const unsigned long *const_folio_flags(const struct folio *folio, unsigned n)
{
	const struct page *page = &folio->page;
	return &page[n].flags;
}

#define FOLIO_TEST_FLAG(name, page) static __always_inline bool folio_test_##name(const struct folio *folio) { return test_bit(PG_##name, const_folio_flags(folio, page)); }
#define FOLIO_SET_FLAG(name, page) static __always_inline void folio_set_##name(struct folio *folio) { set_bit(PG_##name, folio_flags(folio, page)); }
#define FOLIO_CLEAR_FLAG(name, page) static __always_inline void folio_clear_##name(struct folio *folio) { clear_bit(PG_##name, folio_flags(folio, page)); }
#define __FOLIO_SET_FLAG(name, page) static __always_inline void __folio_set_##name(struct folio *folio) { __set_bit(PG_##name, folio_flags(folio, page)); }
#define __FOLIO_CLEAR_FLAG(name, page) static __always_inline void __folio_clear_##name(struct folio *folio) { __clear_bit(PG_##name, folio_flags(folio, page)); }
#define FOLIO_TEST_SET_FLAG(name, page) static __always_inline bool folio_test_set_##name(struct folio *folio) { return test_and_set_bit(PG_##name, folio_flags(folio, page)); }
#define FOLIO_TEST_CLEAR_FLAG(name, page) static __always_inline bool folio_test_clear_##name(struct folio *folio) { return test_and_clear_bit(PG_##name, folio_flags(folio, page)); }
#define FOLIO_FLAG(name, page) FOLIO_TEST_FLAG(name, page) FOLIO_SET_FLAG(name, page) FOLIO_CLEAR_FLAG(name, page)
