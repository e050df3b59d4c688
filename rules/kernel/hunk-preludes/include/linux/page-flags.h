/*
 * folint's stand-in for the part of include/linux/page-flags.h that a patch's hunks do not show: the folio
 * flag-word helpers and the generator macros, so that a hunk adding __FOLIO_SET_FLAG(foo, FOLIO_SECOND_PAGE) or
 * __PAGEFLAG(Foo, foo, PF_ANY) defines __folio_set_foo() or __SetPageFoo() for check-patch without a tree. The page
 * policies (PF_ANY(), PF_HEAD(), PF_SECOND(), ...) are left as calls: folint knows which page each names
 * (rules/kernel/page-flags.yaml). Written for folint (not Linux source): each
 * generator defines the accessor the kernel's macro of the same name defines, and nothing else.
 * check-patch puts this text before the hunks of page-flags.h it checks; its lines never carry findings.
 */
#define FOLIO_PF_ANY		0
#define FOLIO_PF_HEAD		0
#define FOLIO_PF_NO_TAIL	0
#define FOLIO_PF_NO_COMPOUND	0
#define FOLIO_PF_ONLY_HEAD	0
#define FOLIO_PF_POISONED_CHECK	0
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
#define __FOLIO_FLAG(name, page) FOLIO_TEST_FLAG(name, page) __FOLIO_SET_FLAG(name, page) __FOLIO_CLEAR_FLAG(name, page)
#define FOLIO_TEST_SET_CLEAR_FLAGS(name, page) FOLIO_TEST_SET_FLAG(name, page) FOLIO_TEST_CLEAR_FLAG(name, page)

/* The page-based generators: each also generates the folio accessor of the same flag, as the kernel's do. */
#define TESTPAGEFLAG(uname, lname, policy) FOLIO_TEST_FLAG(lname, FOLIO_##policy) static __always_inline int Page##uname(const struct page *page) { return test_bit(PG_##lname, &policy(page, 0)->flags); }
#define SETPAGEFLAG(uname, lname, policy) FOLIO_SET_FLAG(lname, FOLIO_##policy) static __always_inline void SetPage##uname(struct page *page) { set_bit(PG_##lname, &policy(page, 1)->flags); }
#define CLEARPAGEFLAG(uname, lname, policy) FOLIO_CLEAR_FLAG(lname, FOLIO_##policy) static __always_inline void ClearPage##uname(struct page *page) { clear_bit(PG_##lname, &policy(page, 1)->flags); }
#define __SETPAGEFLAG(uname, lname, policy) __FOLIO_SET_FLAG(lname, FOLIO_##policy) static __always_inline void __SetPage##uname(struct page *page) { __set_bit(PG_##lname, &policy(page, 1)->flags); }
#define __CLEARPAGEFLAG(uname, lname, policy) __FOLIO_CLEAR_FLAG(lname, FOLIO_##policy) static __always_inline void __ClearPage##uname(struct page *page) { __clear_bit(PG_##lname, &policy(page, 1)->flags); }
#define TESTSETFLAG(uname, lname, policy) FOLIO_TEST_SET_FLAG(lname, FOLIO_##policy) static __always_inline int TestSetPage##uname(struct page *page) { return test_and_set_bit(PG_##lname, &policy(page, 1)->flags); }
#define TESTCLEARFLAG(uname, lname, policy) FOLIO_TEST_CLEAR_FLAG(lname, FOLIO_##policy) static __always_inline int TestClearPage##uname(struct page *page) { return test_and_clear_bit(PG_##lname, &policy(page, 1)->flags); }
#define PAGEFLAG(uname, lname, policy) TESTPAGEFLAG(uname, lname, policy) SETPAGEFLAG(uname, lname, policy) CLEARPAGEFLAG(uname, lname, policy)
#define __PAGEFLAG(uname, lname, policy) TESTPAGEFLAG(uname, lname, policy) __SETPAGEFLAG(uname, lname, policy) __CLEARPAGEFLAG(uname, lname, policy)
#define TESTSCFLAG(uname, lname, policy) TESTSETFLAG(uname, lname, policy) TESTCLEARFLAG(uname, lname, policy)
