/*
 * FOL002 layout: the review's proposal, a total mapcount kept in page 1's refcount slot. struct page comes from
 * include/linux/mm_types.h: 64 bytes, _refcount at 52, so page 1's _refcount is bytes 116-119 of the folio.
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
#ifdef CONFIG_MEMCG
			unsigned long memcg_data;
#endif
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
			atomic_t _total_mapcount; /* expect: FOL002 */
		};
		struct page __page_1;
	};
};
