// A drop zone that is a <label> around a real file input: drag and drop for the mouse, and the
// ordinary file picker for keyboard and screen-reader users. A dropped folder gives its files.
import { h, uid } from './dom.js';
import { droppedFiles } from './dropped-files.js';

export const AUDIO_ACCEPT = 'audio/*,.wav,.mp3,.flac,.ogg';

export function dropzone({ title, hint, multiple = true, onFiles }) {
  const id = uid('files');
  const input = h('input', {
    type: 'file', id, multiple, accept: AUDIO_ACCEPT,
    onchange: () => {
      const files = [...input.files];
      input.value = '';            // choosing the same file again must fire change again
      if (files.length) onFiles(files);
    },
  });
  const zone = h('label', { class: 'dropzone', for: id },
    input, h('strong', {}, title), h('span', { class: 'muted small' }, hint));
  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    zone.classList.add('dragging');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
  zone.addEventListener('drop', async (event) => {
    event.preventDefault();
    zone.classList.remove('dragging');
    const files = await droppedFiles(event.dataTransfer);
    if (files.length) onFiles(multiple ? files : files.slice(0, 1));
  });
  return zone;
}
