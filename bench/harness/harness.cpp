// The benchmark harness: times the contenders of one case in one process,
// alternating them, and checks their results.
//
//   harness kernel --op=matmul --m=M --k=K --n=N | --op=conv --h= --w= --c=
//                  --o= --kh= --kw= --stride= --pad= --groups=
//                  --weights=FILE --bias=FILE [--shift=S] [--onednn]
//                  --so=NAME,ABI,PATH,FUNCTION ...
//   harness model  --input=1x360x64 --output=1x360x10 --so=... ...
//   common:        [--reps=R] [--sample-ms=T] [--budget-s=B]
//
// kernel: u8 activations (random) times the s8 weights and s32 bias of the
// case (raw little-endian files, fxp layouts: KxN, OHWI); the output is the
// s32 accumulator, or with --shift=S the u8 requantization round-half-even(
// acc / 2^S) saturated to [0, 255] (ReLU). oneDNN (prepacked weights) is the
// anchor: its s32 result is the expected one, and the u8 expectation is the
// scalar requantization below applied to it. Every .so contender is checked
// against it. model: f32 inputs in [0, 1); .so contenders whose names share a
// prefix before ':' (e.g. fxp:ref, fxp:fast) must agree bit for bit.
//
// Prints one line per contender:
//   contender name=N seconds=MEDIAN_PER_CALL calls=C reps=R check=ok|...
// Time is this thread's CPU time, so time spent descheduled on a shared
// machine does not count; oneDNN must run single-threaded
// (OMP_NUM_THREADS=1, checked).
#include "kernel_abi.h"

#include <oneapi/dnnl/dnnl.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <dlfcn.h>
#include <fstream>
#include <functional>
#include <iterator>
#include <malloc.h>
#include <map>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

namespace {

[[noreturn]] void fail(const std::string &message) {
  fprintf(stderr, "harness: %s\n", message.c_str());
  exit(2);
}

double threadSeconds() {
  timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

/// --key=value options; --so may repeat, --onednn is a flag.
struct Options {
  std::map<std::string, std::string> values;
  std::vector<std::string> libraries;

  Options(int argc, char **argv) {
    for (int i = 2; i < argc; ++i) {
      std::string arg = argv[i];
      if (arg.rfind("--", 0) != 0)
        fail("unexpected argument " + arg);
      size_t eq = arg.find('=');
      std::string key = arg.substr(2, eq == std::string::npos ? eq : eq - 2);
      std::string value = eq == std::string::npos ? "1" : arg.substr(eq + 1);
      if (key == "so")
        libraries.push_back(value);
      else
        values[key] = value;
    }
  }
  bool has(const std::string &key) const { return values.count(key); }
  std::string get(const std::string &key) const {
    auto it = values.find(key);
    if (it == values.end())
      fail("missing --" + key);
    return it->second;
  }
  int64_t integer(const std::string &key) const { return std::stoll(get(key)); }
  double real(const std::string &key, double otherwise) const {
    return has(key) ? std::stod(get(key)) : otherwise;
  }
};

std::vector<int64_t> parseShape(const std::string &text) {
  std::vector<int64_t> shape;
  std::stringstream stream(text);
  for (std::string dim; std::getline(stream, dim, 'x');)
    shape.push_back(std::stoll(dim));
  if (shape.empty() || shape.size() > FXPB_MAX_RANK)
    fail("bad shape " + text);
  return shape;
}

int64_t count(const std::vector<int64_t> &shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

std::vector<char> readFile(const std::string &path, size_t bytes) {
  std::ifstream file(path, std::ios::binary);
  std::vector<char> data((std::istreambuf_iterator<char>(file)),
                         std::istreambuf_iterator<char>());
  if (!file.good() && !file.eof())
    fail("cannot read " + path);
  if (data.size() != bytes)
    fail(path + ": " + std::to_string(data.size()) + " bytes, expected " +
         std::to_string(bytes));
  return data;
}

/// One contender: `run(copy)` computes the output into `output` (copy = the
/// result must land there even under the result ABI).
struct Contender {
  std::string name;
  std::function<void(bool)> run;
  std::vector<char> output;
  std::string check = "-";
  int calls = 1, reps = 0; // calls per sample, samples wanted
  std::vector<double> samples;
};

/// A function taking one tensor and returning one, from a shared object
/// lowered by fxp-opt or mlir-opt. `spec` is NAME,ABI,PATH,FUNCTION.
Contender loadContender(const std::string &spec, FxpbMemref *input,
                        const std::vector<int64_t> &outputShape,
                        size_t elementBytes) {
  std::vector<std::string> fields;
  std::stringstream stream(spec);
  for (std::string field; std::getline(stream, field, ',');)
    fields.push_back(field);
  if (fields.size() != 4)
    fail("--so wants NAME,ABI,PATH,FUNCTION: " + spec);
  void *library = dlopen(fields[2].c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!library)
    fail(dlerror());
  std::string symbol = "_mlir_ciface_" + fields[3];
  void *fn = dlsym(library, symbol.c_str());
  if (!fn)
    fail(fields[2] + " has no " + symbol);
  FxpbAbi abi;
  if (fields[1] == "result")
    abi = FXPB_RESULT;
  else if (fields[1] == "out-params")
    abi = FXPB_OUT_PARAM;
  else
    fail("unknown ABI " + fields[1]);

  Contender c;
  c.name = fields[0];
  size_t bytes = count(outputShape) * elementBytes;
  c.output.resize(bytes);
  auto out = std::make_shared<FxpbMemref>(
      fxpbMemref(c.output.data(), outputShape.size(), outputShape.data()));
  c.run = [=](bool copy) {
    fxpbCall(fn, abi, input, out.get(), bytes, elementBytes, copy);
  };
  return c;
}

/// Times the contenders alternately: each sample is `calls` back-to-back
/// calls (about `sampleSeconds`), one sample per contender per round; a
/// contender stops after `reps` rounds or when `budgetSeconds` would be
/// exceeded (the slow reference lowering), but takes at least one sample.
/// Each contender has run once already (its result was checked), which
/// warmed caches, pages and lazy binding.
void measure(std::vector<Contender> &contenders, int reps, double sampleSeconds,
             double budgetSeconds) {
  for (Contender &c : contenders) {
    double start = threadSeconds();
    c.run(false);
    double once = std::max(threadSeconds() - start, 1e-9);
    c.calls = std::clamp<int>(sampleSeconds / once, 1, 1000000);
    c.reps = std::clamp<int>(budgetSeconds / (once * c.calls), 1, reps);
    if (c.calls == 1) // a slow contender's first timed call is a sample
      c.samples.push_back(once);
  }
  for (int round = 0; round < reps; ++round)
    for (Contender &c : contenders) {
      if ((int)c.samples.size() >= c.reps)
        continue;
      double start = threadSeconds();
      for (int i = 0; i < c.calls; ++i)
        c.run(false);
      c.samples.push_back((threadSeconds() - start) / c.calls);
    }
}

double median(std::vector<double> samples) {
  std::sort(samples.begin(), samples.end());
  size_t n = samples.size();
  return n % 2 ? samples[n / 2] : (samples[n / 2 - 1] + samples[n / 2]) / 2;
}

void report(std::vector<Contender> &contenders) {
  for (Contender &c : contenders)
    printf("contender name=%s seconds=%.9g calls=%d reps=%zu check=%s\n",
           c.name.c_str(), median(c.samples), c.calls, c.samples.size(),
           c.check.c_str());
}

std::string compare(const std::vector<char> &got,
                    const std::vector<char> &expected, size_t elementBytes) {
  size_t wrong = 0, first = 0;
  for (size_t i = 0; i < expected.size(); i += elementBytes)
    if (memcmp(&got[i], &expected[i], elementBytes) && !wrong++)
      first = i / elementBytes;
  if (!wrong)
    return "ok";
  return "mismatch:" + std::to_string(wrong) + "/" +
         std::to_string(expected.size() / elementBytes) + "@" +
         std::to_string(first);
}

/// The exact F8Net requantization: round half to even of acc / 2^shift,
/// saturated to u8 (negative values clip to 0: the ReLU).
uint8_t requantize(int32_t acc, int shift) {
  int64_t q = (int64_t)acc >> shift; // floor
  if (shift > 0) {
    int64_t remainder = acc - (q << shift), half = int64_t(1) << (shift - 1);
    q += remainder > half || (remainder == half && (q & 1));
  }
  return (uint8_t)std::clamp<int64_t>(q, 0, 255);
}

/// The geometry of a kernel case, from the --op arguments.
struct Case {
  bool conv;
  int64_t m = 0, k = 0, n = 0; // matmul
  int64_t h = 0, w = 0, c = 0, o = 0, kh = 1, kw = 1, s = 1, pad = 0,
          groups = 1, ho = 0, wo = 0; // conv, NHWC
  std::vector<int64_t> input, output; // fxp shapes
  int64_t weightCount;

  explicit Case(const Options &opt) : conv(opt.get("op") == "conv") {
    if (!conv) {
      m = opt.integer("m"), k = opt.integer("k"), n = opt.integer("n");
      input = {m, k}, output = {m, n}, weightCount = k * n;
      return;
    }
    h = opt.integer("h"), w = opt.integer("w"), c = opt.integer("c");
    o = opt.integer("o"), kh = opt.integer("kh"), kw = opt.integer("kw");
    s = opt.integer("stride"), pad = opt.integer("pad");
    groups = opt.integer("groups");
    ho = (h + 2 * pad - kh) / s + 1, wo = (w + 2 * pad - kw) / s + 1;
    input = {1, h, w, c}, output = {1, ho, wo, o};
    weightCount = o * kh * kw * (c / groups);
  }
};

using dnnl::memory;
using tag = memory::format_tag;
using dt = memory::data_type;

/// oneDNN's int8 primitive for the case, with weights reordered once, outside
/// the timed loop, into the layout it picks (format_tag::any). dst is s32, or
/// u8 with the scale 2^-shift and a ReLU post-op (shift < 0: s32). oneDNN 2.x
/// scales (acc + bias) in f32 and rounds to nearest even: exact while the
/// sum stays below 2^24, as in the bench's cases (its u8 output is checked
/// too).
struct OneDnn {
  dnnl::engine engine{dnnl::engine::kind::cpu, 0};
  dnnl::stream stream{engine};
  dnnl::primitive primitive;
  std::unordered_map<int, memory> args;
  std::string implementation;

  OneDnn(const Case &cs, void *input, const int8_t *weights,
         const int32_t *bias, void *output, int shift) {
    dnnl::primitive_attr attr;
    if (shift >= 0) {
      attr.set_output_scales(0, {std::ldexp(1.0f, -shift)});
      dnnl::post_ops ops;
      ops.append_eltwise(1.0f, dnnl::algorithm::eltwise_relu, 0.0f, 0.0f);
      attr.set_post_ops(ops);
    }
    dt dstType = shift >= 0 ? dt::u8 : dt::s32;
    memory::desc src, userWeights, packedWeights, biasDesc, dst;
    if (!cs.conv) {
      src = {{cs.m, cs.k}, dt::u8, tag::ab};
      userWeights = {{cs.k, cs.n}, dt::s8, tag::ab};
      packedWeights = {{cs.k, cs.n}, dt::s8, tag::any};
      biasDesc = {{1, cs.n}, dt::s32, tag::ab};
      dst = {{cs.m, cs.n}, dstType, tag::ab};
      dnnl::matmul::primitive_desc pd({src, packedWeights, biasDesc, dst}, attr,
                                      engine);
      packedWeights = pd.weights_desc();
      implementation = pd.impl_info_str();
      primitive = dnnl::matmul(pd);
    } else {
      src = {{1, cs.c, cs.h, cs.w}, dt::u8, tag::nhwc};
      dst = {{1, cs.o, cs.ho, cs.wo}, dstType, tag::nhwc};
      biasDesc = {{cs.o}, dt::s32, tag::a};
      if (cs.groups == 1) {
        memory::dims dims{cs.o, cs.c, cs.kh, cs.kw};
        userWeights = {dims, dt::s8, tag::ohwi};
        packedWeights = {dims, dt::s8, tag::any};
      } else {
        // fxp's OHWI with O = G * O/G: dims (g, o, i, h, w), stored g o h w i.
        memory::dims dims{cs.groups, cs.o / cs.groups, cs.c / cs.groups, cs.kh,
                          cs.kw};
        userWeights = {dims, dt::s8, tag::gohwi};
        packedWeights = {dims, dt::s8, tag::any};
      }
      dnnl::convolution_forward::primitive_desc pd(
          {dnnl::prop_kind::forward_inference,
           dnnl::algorithm::convolution_direct,
           src,
           packedWeights,
           biasDesc,
           dst,
           {cs.s, cs.s},
           {cs.pad, cs.pad},
           {cs.pad, cs.pad}},
          attr, engine);
      packedWeights = pd.weights_desc();
      implementation = pd.impl_info_str();
      primitive = dnnl::convolution_forward(pd);
    }
    memory user(userWeights, engine, const_cast<int8_t *>(weights));
    memory packed(packedWeights, engine);
    dnnl::reorder(user, packed).execute(stream, user, packed);
    stream.wait();
    args = {
        {DNNL_ARG_SRC, memory(src, engine, input)},
        {DNNL_ARG_WEIGHTS, packed},
        {DNNL_ARG_BIAS, memory(biasDesc, engine, const_cast<int32_t *>(bias))},
        {DNNL_ARG_DST, memory(dst, engine, output)}};
  }

  void run() {
    primitive.execute(stream, args);
    stream.wait();
  }
};

int runKernel(const Options &opt) {
  Case cs(opt);
  int shift = opt.has("shift") ? (int)opt.integer("shift") : -1;
  size_t outBytes = shift >= 0 ? 1 : 4;
  int64_t outCount = count(cs.output);

  std::vector<uint8_t> input(count(cs.input));
  std::mt19937 random(7);
  for (uint8_t &v : input)
    v = random() & 255;
  std::vector<char> weights = readFile(opt.get("weights"), cs.weightCount);
  std::vector<char> bias = readFile(opt.get("bias"), 4 * cs.output.back());
  auto *w = reinterpret_cast<const int8_t *>(weights.data());
  auto *b = reinterpret_cast<const int32_t *>(bias.data());

  // The expected result: oneDNN's s32 accumulator, requantized by the scalar
  // reference for u8.
  std::vector<char> expected(outCount * 4);
  OneDnn(cs, input.data(), w, b, expected.data(), -1).run();
  if (shift >= 0) {
    std::vector<char> accumulators = std::move(expected);
    expected.resize(outCount);
    for (int64_t i = 0; i < outCount; ++i)
      expected[i] = requantize(
          reinterpret_cast<const int32_t *>(accumulators.data())[i], shift);
  }

  std::vector<Contender> contenders;
  std::unique_ptr<OneDnn> onednn;
  if (opt.has("onednn")) {
    Contender c;
    c.name = "onednn";
    c.output.resize(outCount * outBytes);
    onednn = std::make_unique<OneDnn>(cs, input.data(), w, b, c.output.data(),
                                      shift);
    c.run = [&](bool) { onednn->run(); };
    printf("onednn implementation=%s\n", onednn->implementation.c_str());
    contenders.push_back(std::move(c));
  }
  FxpbMemref x = fxpbMemref(input.data(), cs.input.size(), cs.input.data());
  for (const std::string &spec : opt.libraries)
    contenders.push_back(loadContender(spec, &x, cs.output, outBytes));

  for (Contender &c : contenders) {
    c.run(true);
    c.check = compare(c.output, expected, outBytes);
  }
  measure(contenders, opt.real("reps", 11), opt.real("sample-ms", 20) / 1e3,
          opt.real("budget-s", 5));
  report(contenders);
  return 0;
}

int runModel(const Options &opt) {
  std::vector<int64_t> inShape = parseShape(opt.get("input"));
  std::vector<int64_t> outShape = parseShape(opt.get("output"));
  std::vector<float> input(count(inShape));
  std::mt19937 random(7);
  std::uniform_real_distribution<float> pixel(0.0f, 1.0f);
  for (float &v : input)
    v = pixel(random);
  FxpbMemref x = fxpbMemref(input.data(), inShape.size(), inShape.data());

  std::vector<Contender> contenders;
  std::map<std::string, size_t> firstOfFamily;
  for (const std::string &spec : opt.libraries) {
    contenders.push_back(loadContender(spec, &x, outShape, sizeof(float)));
    Contender &c = contenders.back();
    c.run(true);
    std::string family = c.name.substr(0, c.name.find(':'));
    auto [it, first] = firstOfFamily.try_emplace(family, contenders.size() - 1);
    if (!first)
      c.check = compare(c.output, contenders[it->second].output, sizeof(float));
  }
  measure(contenders, opt.real("reps", 11), opt.real("sample-ms", 20) / 1e3,
          opt.real("budget-s", 5));
  report(contenders);
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 2)
    fail("usage: harness kernel|model --key=value ...");
  const char *threads = getenv("OMP_NUM_THREADS");
  if (!threads || strcmp(threads, "1"))
    fail("run with OMP_NUM_THREADS=1: the bench is single-threaded");
  // The result ABI mallocs the output on every call: keep large blocks on
  // the heap so that a call does not pay mmap, munmap and page faults.
  mallopt(M_MMAP_THRESHOLD, 1 << 30);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  Options opt(argc, argv);
  std::string mode = argv[1];
  if (mode == "kernel")
    return runKernel(opt);
  if (mode == "model")
    return runModel(opt);
  fail("unknown mode " + mode);
}
