// The customer portal (/portal and /portal/policies/:id): a policyholder's own policies,
// one policy's summary and its documents.
import { useParams } from 'react-router';
import { PolicyDetail } from './PolicyDetail';
import { PolicyList } from './PolicyList';
import './Portal.css';

export function PortalPage() {
  const { id } = useParams();
  return (
    <>
      <h1>My policies</h1>
      {id ? <PolicyDetail id={id} /> : <PolicyList />}
    </>
  );
}
