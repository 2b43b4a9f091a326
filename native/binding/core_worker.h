// CoreWorker: runs one core call on the libuv thread pool and settles a Promise.
//
// The baton (`work`) owns copies of every input; it never touches JS. The result is
// turned into a JS value only in OnOK on the main thread; failures are captured as an
// exception_ptr and converted by ToJsError in OnError (the one error path). `done`
// runs on the main thread in both cases (used to clear the owner's busy flag), and the
// owner object is kept alive by a reference until then.
#pragma once

#include <napi.h>

#include <exception>
#include <functional>

#include "errors.h"

namespace softspot {

class CoreWorker : public Napi::AsyncWorker {
 public:
  using Work = std::function<void()>;
  using Result = std::function<Napi::Value(Napi::Env)>;
  using Done = std::function<void()>;

  static Napi::Promise Start(Napi::Env env, Napi::Object owner, Work work, Result result,
                             Done done) {
    auto* worker = new CoreWorker(env, owner, std::move(work), std::move(result), std::move(done));
    Napi::Promise promise = worker->deferred_.Promise();
    worker->Napi::AsyncWorker::Queue();
    return promise;
  }

 protected:
  void Execute() override {
    try {
      work_();
    } catch (...) {
      error_ = std::current_exception();
      SetError("native call failed");
    }
  }

  void OnOK() override {
    Napi::Env env = Env();
    done_();
    deferred_.Resolve(result_(env));
  }

  void OnError(const Napi::Error&) override {
    Napi::Env env = Env();
    done_();
    deferred_.Reject(ToJsError(env, error_).Value());
  }

 private:
  CoreWorker(Napi::Env env, Napi::Object owner, Work work, Result result, Done done)
      : Napi::AsyncWorker(env, "softspot:CoreWorker"),
        deferred_(Napi::Promise::Deferred::New(env)),
        owner_(Napi::Persistent(owner)),
        work_(std::move(work)),
        result_(std::move(result)),
        done_(std::move(done)) {}

  Napi::Promise::Deferred deferred_;
  Napi::ObjectReference owner_;
  Work work_;
  Result result_;
  Done done_;
  std::exception_ptr error_;
};

}  // namespace softspot
