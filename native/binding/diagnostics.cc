#include "diagnostics.h"

#include "../core/blas_threads.h"
#include "../core/metis_random.h"
#include "../core/metis_signals.h"

namespace softspot {

namespace {

Napi::Object Report(Napi::Env env, const MetisConfinementReport& report) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("confined", report.confined);
  Napi::Array objects = Napi::Array::New(env, report.objects.size());
  for (size_t k = 0; k < report.objects.size(); ++k) objects.Set(k, report.objects[k]);
  o.Set("objects", objects);
  o.Set("entries", report.entries);
  o.Set("note", report.note);
  return o;
}

}  // namespace

Napi::Value MetisSignals(const Napi::CallbackInfo& info) {
  return Report(info.Env(), ConfineMetisSignals());
}

Napi::Value MetisRandom(const Napi::CallbackInfo& info) {
  return Report(info.Env(), ConfineMetisRandom());
}

Napi::Value BlasThreads(const Napi::CallbackInfo& info) {
  const BlasThreadsReport r = BlasThreadsAtLoad();
  Napi::Object o = Napi::Object::New(info.Env());
  o.Set("openblas", r.openblas);
  o.Set("threads", r.threads);
  o.Set("action", r.action);
  return o;
}

}  // namespace softspot
