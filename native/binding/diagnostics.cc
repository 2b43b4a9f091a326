#include "diagnostics.h"

#include "../core/blas_threads.h"
#include "../core/cholmod_openmp.h"
#include "../core/metis_random.h"
#include "../core/metis_signals.h"

namespace softspot {

namespace {

Napi::Array Strings(Napi::Env env, const std::vector<std::string>& strings) {
  Napi::Array array = Napi::Array::New(env, strings.size());
  for (size_t k = 0; k < strings.size(); ++k) array.Set(k, strings[k]);
  return array;
}

Napi::Object Report(Napi::Env env, const MetisConfinementReport& report) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("confined", report.confined);
  o.Set("objects", Strings(env, report.objects));
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

Napi::Value CholmodOpenMp(const Napi::CallbackInfo& info) {
  const CholmodOpenMpReport& r = SerializeCholmodOpenMp();
  Napi::Object o = Napi::Object::New(info.Env());
  o.Set("serial", r.serial);
  o.Set("objects", Strings(info.Env(), r.objects));
  o.Set("entries", r.entries);
  o.Set("note", r.note);
  return o;
}

}  // namespace softspot
