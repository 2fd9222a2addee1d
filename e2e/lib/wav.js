// Writes 16-bit PCM mono WAV files in memory, so tests make their own audio.

/** samples: Float32Array or array of numbers in [-1, 1]. */
export function wav(samples, sampleRate) {
  const dataBytes = samples.length * 2;
  const buffer = Buffer.alloc(44 + dataBytes);
  buffer.write('RIFF', 0, 'ascii');
  buffer.writeUInt32LE(36 + dataBytes, 4);
  buffer.write('WAVE', 8, 'ascii');
  buffer.write('fmt ', 12, 'ascii');
  buffer.writeUInt32LE(16, 16);            // fmt chunk size
  buffer.writeUInt16LE(1, 20);             // PCM
  buffer.writeUInt16LE(1, 22);             // mono
  buffer.writeUInt32LE(sampleRate, 24);
  buffer.writeUInt32LE(sampleRate * 2, 28); // byte rate
  buffer.writeUInt16LE(2, 32);             // block align
  buffer.writeUInt16LE(16, 34);            // bits per sample
  buffer.write('data', 36, 'ascii');
  buffer.writeUInt32LE(dataBytes, 40);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i]));
    buffer.writeInt16LE(Math.round(s * 32767), 44 + i * 2);
  }
  return buffer;
}

export function tone(frequency, { seconds = 2, sampleRate = 22050, amplitude = 0.5 } = {}) {
  const n = Math.round(seconds * sampleRate);
  const samples = new Float32Array(n);
  for (let i = 0; i < n; i++) samples[i] = amplitude * Math.sin((2 * Math.PI * frequency * i) / sampleRate);
  return wav(samples, sampleRate);
}

/** A sine gliding linearly from one frequency to another over the clip. */
export function sweep(fromHz, toHz, { seconds = 2, sampleRate = 22050, amplitude = 0.5 } = {}) {
  const n = Math.round(seconds * sampleRate);
  const rate = (toHz - fromHz) / seconds;
  const samples = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const t = i / sampleRate;
    samples[i] = amplitude * Math.sin(2 * Math.PI * (fromHz * t + (rate * t * t) / 2));
  }
  return wav(samples, sampleRate);
}

/** Digital silence: every sample zero. */
export function silence({ seconds = 1, sampleRate = 22050 } = {}) {
  return wav(new Float32Array(Math.round(seconds * sampleRate)), sampleRate);
}

/** White noise from a seeded generator (mulberry32), so every run makes the same clips. */
export function noise(seed, { seconds = 2, sampleRate = 22050, amplitude = 0.3 } = {}) {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const n = Math.round(seconds * sampleRate);
  const samples = new Float32Array(n);
  for (let i = 0; i < n; i++) samples[i] = amplitude * (random() * 2 - 1);
  return wav(samples, sampleRate);
}

/**
 * The format and PCM samples of a WAV file: { sampleRate, channels, bitsPerSample, data }, data
 * being the bytes of its "data" chunk. Walks the chunks, so a LIST or fact chunk before the data
 * (as SoX and others may write) is skipped. Integer PCM only (format 1, or extensible).
 */
export function readWav(buffer) {
  if (buffer.toString('ascii', 0, 4) !== 'RIFF' || buffer.toString('ascii', 8, 12) !== 'WAVE') {
    throw new Error('not a RIFF/WAVE file');
  }
  let format = null;
  for (let at = 12; at + 8 <= buffer.length;) {
    const id = buffer.toString('ascii', at, at + 4);
    const size = buffer.readUInt32LE(at + 4);
    const body = at + 8;
    if (id === 'fmt ') {
      const code = buffer.readUInt16LE(body);
      if (code !== 1 && code !== 0xfffe) throw new Error(`WAV format ${code} is not integer PCM`);
      format = {
        channels: buffer.readUInt16LE(body + 2),
        sampleRate: buffer.readUInt32LE(body + 4),
        bitsPerSample: buffer.readUInt16LE(body + 14),
      };
    } else if (id === 'data') {
      if (!format) throw new Error('WAV data chunk before its fmt chunk');
      return { ...format, data: buffer.subarray(body, Math.min(buffer.length, body + size)) };
    }
    at = body + size + (size % 2);   // chunks are padded to an even length
  }
  throw new Error('WAV file without a data chunk');
}

/** A WAV file around raw PCM bytes of the given format. */
export function pcmWav(data, { sampleRate, channels = 1, bitsPerSample = 16 }) {
  const blockAlign = channels * (bitsPerSample / 8);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(channels, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * blockAlign, 28);
  header.writeUInt16LE(blockAlign, 32);
  header.writeUInt16LE(bitsPerSample, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/**
 * One WAV from several: pieces are WAV buffers or { silence: seconds }, the silence made in the
 * format of the WAV pieces, which must all share one (sample rate, channels, bits).
 */
export function concatWav(pieces) {
  const wavs = pieces.filter(Buffer.isBuffer).map(readWav);
  if (wavs.length === 0) throw new Error('concatWav needs at least one WAV piece to take its format from');
  const [{ sampleRate, channels, bitsPerSample }] = wavs;
  for (const w of wavs) {
    if (w.sampleRate !== sampleRate || w.channels !== channels || w.bitsPerSample !== bitsPerSample) {
      throw new Error(`WAV pieces differ in format: ${w.sampleRate} Hz × ${w.channels} × ${w.bitsPerSample} bit `
        + `vs ${sampleRate} Hz × ${channels} × ${bitsPerSample} bit`);
    }
  }
  const blockAlign = channels * (bitsPerSample / 8);
  let next = 0;
  const data = pieces.map((piece) => (Buffer.isBuffer(piece)
    ? wavs[next++].data
    : Buffer.alloc(Math.round(piece.silence * sampleRate) * blockAlign)));   // zero = digital silence
  return pcmWav(Buffer.concat(data), { sampleRate, channels, bitsPerSample });
}
