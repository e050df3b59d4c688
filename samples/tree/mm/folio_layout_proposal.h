/*
 * FOL002 sample (layout, positive): seed 001's proposal, a total mapcount kept in the refcount slot of the
 * folio's first tail page. struct page comes from include/linux/mm_types.h (56 bytes here, _refcount at 52), so
 * page 1's _refcount is bytes 108-111 of the folio. Expect one FOL002 at _total_mapcount. The struct folio of
 * include/linux/mm_types.h is the negative case: nothing in it lies over a tail refcount.
 */
#include <linux/mm_types.h>

struct folio {
	union {
		struct {
			unsigned long flags;
			struct list_head lru;
			struct address_space *mapping;
			pgoff_t index;
			void *private;
			atomic_t _mapcount;
			atomic_t _refcount;
		};
		struct page page;
	};
	union {
		struct {
			unsigned long _flags_1;
			unsigned long _head_1;
			atomic_t _large_mapcount;
			atomic_t _entire_mapcount;
			atomic_t _nr_pages_mapped;
			atomic_t _pincount;
			unsigned int _folio_nr_pages;
			unsigned int _spare_1;
			unsigned long _private_1;
			atomic_t _mapcount_1;
			atomic_t _total_mapcount;
		};
		struct page __page_1;
	};
};
