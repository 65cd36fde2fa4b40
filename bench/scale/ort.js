// onnxruntime (the npm package onnxruntime-node) for bench/scale, on one
// thread. Called by bench/fxpbench/scale.py with one JSON argument:
//   {"model": PATH, "inputs": PATH, "shape": [N, ...], "mode": "infer"|"ranges",
//    "logits": PATH, "reps": R, "optimized": PATH}
// `inputs` holds N float32 tensors of shape[1:], raw and contiguous.
// - infer: writes the N outputs to `logits` (raw float32), then times R
//   rounds over the N inputs; prints {"cpu_ms": median, "wall_ms": median}
//   per image. `optimized` (optional) is where onnxruntime saves the graph it
//   runs, to check that the QDQ model became integer kernels.
// - ranges: runs every input through `model` (every activation a graph
//   output) and prints {"activation name": [min, max]} over all of them.
'use strict';
const fs = require('fs');
const ort = require('onnxruntime-node');

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main() {
  const spec = JSON.parse(process.argv[2]);
  const options = {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  };
  if (spec.optimized) options.optimizedModelFilePath = spec.optimized;
  const session = await ort.InferenceSession.create(spec.model, options);
  const bytes = fs.readFileSync(spec.inputs);
  const all = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
  const [count, ...shape] = spec.shape;
  const size = shape.reduce((a, b) => a * b, 1);
  if (all.length !== count * size)
    throw new Error(`${spec.inputs}: ${all.length} floats, expected ${count * size}`);
  const feeds = [];
  for (let i = 0; i < count; ++i)
    feeds.push({[session.inputNames[0]]:
                new ort.Tensor('float32', all.subarray(i * size, (i + 1) * size), shape)});

  if (spec.mode === 'ranges') {
    const ranges = {};
    for (const feed of feeds) {
      const results = await session.run(feed);
      for (const [name, tensor] of Object.entries(results)) {
        let lo = Infinity, hi = -Infinity;
        for (const v of tensor.data) {
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
        const old = ranges[name] || [Infinity, -Infinity];
        ranges[name] = [Math.min(old[0], lo), Math.max(old[1], hi)];
      }
    }
    console.log(JSON.stringify(ranges));
    return;
  }

  const outputs = [];
  for (const feed of feeds) {
    const results = await session.run(feed);
    outputs.push(Buffer.from(Float32Array.from(results[session.outputNames[0]].data).buffer));
  }
  fs.writeFileSync(spec.logits, Buffer.concat(outputs));
  // CPU time of the process (one inference thread) as the C harnesses
  // measure thread CPU time: time descheduled on a shared machine does not
  // count. Wall time too, for reference.
  const cpu = [], wall = [];
  for (let round = 0; round < spec.reps; ++round) {
    for (const feed of feeds) {
      const c0 = process.cpuUsage(), w0 = process.hrtime.bigint();
      await session.run(feed);
      const c = process.cpuUsage(c0), w = process.hrtime.bigint() - w0;
      cpu.push((c.user + c.system) / 1e3);
      wall.push(Number(w) / 1e6);
    }
  }
  console.log(JSON.stringify({cpu_ms: median(cpu), wall_ms: median(wall)}));
}

main().catch((error) => {
  console.error(`ort.js: ${error.stack || error}`);
  process.exit(1);
});
