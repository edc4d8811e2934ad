// The browser's Supabase client (the shape of createClient in @supabase/supabase-js). The
// browser sends this key with every request, so it must be the publishable anon key: row
// level security decides what it may read. The service_role key bypasses that and belongs
// in server code only (see server/delete-account.js).
function createClient(url, key) {
  const headers = { apikey: key, Authorization: `Bearer ${key}` };
  return {
    from: (table) => ({
      async select(columns) {
        const response = await fetch(`${url}/rest/v1/${table}?select=${columns}`, { headers });
        return response.ok ? { data: await response.json(), error: null } : { data: null, error: response.status };
      },
    }),
  };
}

export const supabase = createClient('https://demo-project.supabase.co', import.meta.env.VITE_SUPABASE_ANON_KEY);
