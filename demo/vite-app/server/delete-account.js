// A server function (an API route, an edge function): the one place the service_role key
// is used. It runs on the server, reads the key from the server's environment, and never
// goes through Vite, so the key never reaches the browser.
export async function deleteAccount(userId) {
  const key = process.env.SUPABASE_SERVICE_ROLE_KEY;
  const response = await fetch(`https://demo-project.supabase.co/auth/v1/admin/users/${userId}`, {
    method: 'DELETE',
    headers: { apikey: key, Authorization: `Bearer ${key}` },
  });
  return response.ok;
}
