import { useEffect, useState } from 'react';
import { api, describeApiError } from '../../lib/api.ts';
import { AppShell } from '../AppShell.tsx';
import type { SupportCategory } from '../../../../shared/domain/vocabulary.ts';
import { Skeleton } from '../ui/Skeleton.tsx';
import { EmptyState } from '../ui/EmptyState.tsx';

/** The categories as the admin pages name them (the client chose them in French). */
const CATEGORY_LABELS: Record<SupportCategory, string> = {
  general: 'General question',
  billing: 'Billing',
  appointments: 'Appointments',
  technical: 'Technical problem',
  account: 'Account',
  other: 'Other',
};

interface Ticket {
  id: string;
  email: string;
  category: string;
  subject: string;
  message: string;
  status: string;
  createdAt: string;
}

export function AdminTicketsPage() {
  const [tickets, setTickets] = useState<Ticket[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    api<Ticket[]>('/admin/support/tickets?limit=100').then(setTickets, (e: unknown) => setError(describeApiError(e)));
  }, []);
  return (
    <AppShell area="admin" active="/admin/support/" title="Support tickets">
      {() => (
        <section>
          <h1>Support tickets</h1>
          {error && <p role="alert" className="form-error">{error}</p>}
          {!tickets && !error && <Skeleton label="Loading…" rows={4} />}
          {tickets?.length === 0 && <EmptyState message="No tickets yet." hint="Messages clients send from their help centre (Support) appear here, with their category and address." />}
          {tickets && tickets.length > 0 && (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Received</th>
                    <th scope="col">From</th>
                    <th scope="col">Category</th>
                    <th scope="col">Subject and message</th>
                  </tr>
                </thead>
                <tbody>
                  {tickets.map((ticket) => (
                    <tr key={ticket.id}>
                      <td>{new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(ticket.createdAt))}</td>
                      <td>
                        <a href={`mailto:${ticket.email}?subject=${encodeURIComponent(`Re: ${ticket.subject}`)}`}>{ticket.email}</a>
                      </td>
                      <td>{CATEGORY_LABELS[ticket.category as SupportCategory] ?? ticket.category}</td>
                      <td>
                        <strong>{ticket.subject}</strong>
                        <p className="ticket-message">{ticket.message}</p>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
    </AppShell>
  );
}
