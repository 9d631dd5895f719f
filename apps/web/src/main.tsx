import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Navigate, RouterProvider, createBrowserRouter, useLocation } from 'react-router';
import { ApiError } from './api/client';
import { SessionProvider, useSession } from './auth/session';
import { Layout } from './components/Layout';
import { BoardPage } from './deals/BoardPage';
import { DealPage } from './deals/DealPage';
import { DeskPage } from './desk/DeskPage';
import { SignalsPage } from './desk/SignalsPage';
import { SignalFeedProvider } from './live/signals';
import { AuthCallback, SignInPage } from './pages/SignInPage';
import { SettingsPage } from './settings/SettingsPage';
import { TaskPage } from './tasks/TaskPage';
import { TasksPage } from './tasks/TasksPage';
import { WhatIfPage } from './what-if/WhatIfPage';
import './styles.css';

const queries = new QueryClient({
  defaultOptions: {
    // A refusal (4xx) is an answer, not a hiccup: only unanswered or 5xx reads are tried again.
    queries: { retry: (failures, error) => failures < 3 && !(error instanceof ApiError && error.status < 500), staleTime: 2_000 },
    mutations: { retry: false },
  },
});

/** Pages behind the sign-in; the sign-in page otherwise, returning to the page asked for. */
function SignedIn() {
  const { me } = useSession();
  const location = useLocation();
  if (!me) return <SignInPage key={location.pathname} />;
  return (
    <SignalFeedProvider>
      <Layout />
    </SignalFeedProvider>
  );
}

const router = createBrowserRouter([
  { path: '/auth/callback', element: <AuthCallback /> },
  {
    element: <SignedIn />,
    children: [
      { index: true, element: <Navigate to="/tasks" replace /> },
      { path: 'tasks', element: <TasksPage /> },
      { path: 'deals', element: <BoardPage /> },
      { path: 'deals/:dealId', element: <DealPage /> },
      { path: 'deals/:dealId/tasks/:taskId', element: <TaskPage /> },
      { path: 'desk', element: <DeskPage /> },
      { path: 'signals', element: <SignalsPage /> },
      { path: 'what-if', element: <WhatIfPage /> },
      { path: 'settings', element: <SettingsPage /> },
      { path: '*', element: <p role="alert">No such page.</p> },
    ],
  },
]);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queries}>
      <SessionProvider>
        <RouterProvider router={router} />
      </SessionProvider>
    </QueryClientProvider>
  </StrictMode>,
);
