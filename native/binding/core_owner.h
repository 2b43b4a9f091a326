// CoreOwner<T>: what an ObjectWrap over a core object shares — the owned core (a
// shared_ptr, so an async call keeps it alive), the busy flag that refuses other calls
// while an ...Async() call is in flight, and queuing work on the thread pool.
#pragma once

#include <napi.h>

#include <functional>
#include <memory>
#include <string>

#include "args.h"
#include "core_worker.h"

namespace softspot {

template <typename T>
class CoreOwner {
 protected:
  explicit CoreOwner(const char* name) : name_(name) {}

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

  // Runs `work` off the main thread; the object is busy until the promise settles.
  Napi::Promise Queue(const Napi::CallbackInfo& info, std::function<void()> work,
                      std::function<Napi::Value(Napi::Env)> result) {
    busy_ = true;
    return CoreWorker::Start(info.Env(), info.This().As<Napi::Object>(), std::move(work),
                             std::move(result), [this] { busy_ = false; });
  }

  // Frees the core now (dispose()); idempotent, refused while busy.
  void Release(Napi::Env env) {
    ThrowIfBusy(env, "await it before dispose()");
    core_.reset();
  }

  std::shared_ptr<T> core_;

 private:
  std::string name_;
  bool busy_ = false;
};

}  // namespace softspot
