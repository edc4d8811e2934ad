import { supabase } from './lib/supabase.js';

const list = document.querySelector('#notes');
supabase.from('notes').select('id,title').then(({ data, error }) => {
  for (const note of error ? [{ title: `could not load notes (${error})` }] : data) {
    const item = document.createElement('li');
    item.textContent = note.title;
    list.append(item);
  }
});
