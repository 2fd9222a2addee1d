/**
 * Earshot's own MPEG audio layer III decoder: table-driven Huffman decoding, one mono synthesis
 * filter bank for any channel count, no per-frame allocation. It decodes what encoders in use today
 * write (MPEG-1, 2 and 2.5; mono, stereo, joint stereo with mid/side; long and short blocks). The
 * rare rest (layers I and II, free format, intensity stereo, mixed blocks) is reported as {@link
 * io.earshot.audio.mp3.UnsupportedMp3Feature}, and the caller decodes such a file with JLayer
 * instead. The tables it reads as data ({@code layer3-tables.txt}) are checked against JLayer's by
 * {@code Mp3TablesTest}.
 */
package io.earshot.audio.mp3;
