/* lazy-table.h: tables built once, on first use, by whichever thread asks
 * first (quadrature rules, orientation rules, quarter-circle rules).
 *
 * sas_lazy_table (slot, lock, build, arg) returns *slot, calling
 * build (arg) under `lock` to fill it the first time: double-checked with
 * an acquire load, so that readers never take the lock once the table
 * exists and always see it complete.  Each kind of table has its own
 * lock, because one builder may ask for another kind of table (the
 * orientation rules are built from Gauss-Legendre rules).  Tables live
 * for the life of the process.
 */
#pragma once

#include <pthread.h>
#include <stdatomic.h>

static inline void *
sas_lazy_table (_Atomic (void *) *slot,
                pthread_mutex_t  *lock,
                void           *(*build) (const void *arg),
                const void       *arg)
{
  void *t = atomic_load_explicit (slot, memory_order_acquire);
  if (t == NULL)
    {
      pthread_mutex_lock (lock);
      t = atomic_load_explicit (slot, memory_order_relaxed);
      if (t == NULL)
        {
          t = build (arg);
          atomic_store_explicit (slot, t, memory_order_release);
        }
      pthread_mutex_unlock (lock);
    }
  return t;
}
