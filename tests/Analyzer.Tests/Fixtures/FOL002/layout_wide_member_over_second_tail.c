/*
 * FOL002 layout: an 8-byte member of page 2 that covers its _mapcount and _refcount slots (bytes 176-183 of the
 * folio; page 2's _refcount is bytes 180-183). Under a condition the assumed configuration sets.
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
		};
		struct page __page_1;
	};
	union {
		struct {
			unsigned long _flags_2;
			unsigned long _head_2;
			struct list_head _deferred_list;
			void *_hugetlb_subpool;
			void *_hugetlb_cgroup;
#ifdef CONFIG_64BIT
			unsigned long _split_count; /* expect: FOL002 */
#endif
		};
		struct page __page_2;
	};
};
