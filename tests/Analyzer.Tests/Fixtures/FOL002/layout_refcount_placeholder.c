/*
 * FOL002 layout negative: newer trees reserve page 1's refcount slot with a placeholder named for it
 * (_refcount_1), next to a padding array that stops short of it.
 */
#include <linux/mm_types.h>

struct folio {
	union {
		struct {
			unsigned long flags;
			unsigned long _pad_0[5];
			atomic_t _mapcount;
			atomic_t _refcount;
			unsigned long memcg_data;
		};
		struct page page;
	};
	union {
		struct {
			unsigned long _flags_1;
			unsigned long _head_1;
			union {
				struct {
					atomic_t _large_mapcount;
					atomic_t _nr_pages_mapped;
					atomic_t _entire_mapcount;
					atomic_t _pincount;
				};
				unsigned long _usable_1[4];
			};
			atomic_t _mapcount_1;
			atomic_t _refcount_1;
		};
		struct page __page_1;
	};
};
