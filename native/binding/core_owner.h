// CoreOwner<T>: what an ObjectWrap over a core object shares — the owned core (a
// shared_ptr, so an async call keeps it alive), the busy flag that refuses other calls
// while an ...Async() call is in flight, queuing work on the thread pool, and reporting
// the core's native memory to V8.
//
// Memory. A factor of a 10⁴-particle glass holds megabytes that V8 cannot see behind a
// wrapper of a few bytes; unreported, a loop that drops factors without dispose() grows
// without a garbage collection. Every call that may change the core's size reports the
// difference (napi_adjust_external_memory with T::memory_bytes()), and dispose() or the
// finalizer takes it all back. The finalizer itself runs inside the garbage collection
// (the addon is built as a Node-API experimental module for that: binding.gyp), so the
// memory is freed during a synchronous loop too, not on a later event-loop turn.
#pragma once

#include <napi.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "args.h"
#include "core_worker.h"

namespace softspot {

template <typename T>
class CoreOwner {
 protected:
  CoreOwner(Napi::Env env, const char* name) : env_(env), name_(name) {}
  // Runs in the finalizer (inside the garbage collection) or after dispose(): only
  // basic Node-API calls (adjusting external memory) are allowed here.
  ~CoreOwner() { Report(0); }
  CoreOwner(const CoreOwner&) = delete;
  CoreOwner& operator=(const CoreOwner&) = delete;

  // The live core; throws ERR_SOFTSPOT_DISPOSED / ERR_SOFTSPOT_BUSY otherwise.
  T& Live(Napi::Env env) {
    if (!core_) throw StateError(env, "ERR_SOFTSPOT_DISPOSED", (name_ + " has been disposed").c_str());
    ThrowIfBusy(env, "await it first");
    return *core_;
  }

  void ThrowIfBusy(Napi::Env env, const char* advice) {
    if (busy_) {
      throw StateError(env, "ERR_SOFTSPOT_BUSY",
                       (name_ + " is busy with an async call; " + advice).c_str());
    }
  }

  // Reports the core's current native memory to V8 (on the main thread, not while busy).
  void AccountMemory() { Report(core_ ? core_->memory_bytes() : 0); }

  // Reports the memory when the scope of a synchronous call ends, thrown or not.
  struct MemoryScope {
    CoreOwner* owner;
    ~MemoryScope() { owner->AccountMemory(); }
  };
  MemoryScope AccountOnReturn() { return MemoryScope{this}; }

  // Runs `work` off the main thread; the object is busy until the promise settles, then
  // its memory is reported.
  Napi::Promise Queue(const Napi::CallbackInfo& info, std::function<void()> work,
                      std::function<Napi::Value(Napi::Env)> result) {
    busy_ = true;
    return CoreWorker::Start(info.Env(), info.This().As<Napi::Object>(), std::move(work),
                             std::move(result), [this] {
                               busy_ = false;
                               AccountMemory();
                             });
  }

  // Frees the core now (dispose()); idempotent, refused while busy.
  void Release(Napi::Env env) {
    ThrowIfBusy(env, "await it before dispose()");
    core_.reset();
    AccountMemory();
  }

  std::shared_ptr<T> core_;

 private:
  void Report(size_t bytes) {
    const int64_t change = static_cast<int64_t>(bytes) - reported_;
    if (change == 0) return;
    int64_t total = 0;
    if (napi_adjust_external_memory(env_, change, &total) == napi_ok) reported_ += change;
  }

  napi_env env_;
  std::string name_;
  bool busy_ = false;
  int64_t reported_ = 0;  // bytes currently reported to V8 for this object
};

}  // namespace softspot
