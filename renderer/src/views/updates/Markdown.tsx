/**
 * Renders Markdown from markdown.ts as React elements (never as an HTML string). Page links
 * open the page in the knowledge base; web links open outside the app.
 */
import { Fragment, useMemo } from 'react';
import type { ReactNode } from 'react';
import { useAppStore } from '../../store';
import type { Block, Inline, MarkdownContext } from './markdown';
import { pageIdOfHref, parseMarkdown } from './markdown';

interface Props {
  text: string;
  context: MarkdownContext;
  /** Extra class on the wrapper. */
  className?: string;
}

export function Markdown({ text, context, className }: Props) {
  const blocks = useMemo(() => parseMarkdown(text, context), [text, context]);
  return <div className={`markdown${className ? ` ${className}` : ''}`}>{blocks.map((b, i) => renderBlock(b, i))}</div>;
}

function renderBlock(block: Block, key: number): ReactNode {
  switch (block.t) {
    case 'p':
      return <p key={key}>{renderInlines(block.children)}</p>;
    case 'h': {
      // Entries sit under the view's h1 and the day's h2: their headings start at h3.
      const level = Math.min(6, block.level + 2);
      const Tag = `h${level}` as 'h3';
      return (
        <Tag key={key} className="md-heading">
          {renderInlines(block.children)}
        </Tag>
      );
    }
    case 'list': {
      const items = block.items.map((item, i) => (
        <li key={i} className={item.checked === null ? undefined : 'md-task'}>
          {item.checked !== null && (
            <span className="md-check" aria-label={item.checked ? 'done' : 'not done'} role="img">
              {item.checked ? '☑' : '☐'}
            </span>
          )}
          {renderInlines(item.children)}
        </li>
      ));
      return block.ordered ? (
        <ol key={key} start={block.start}>
          {items}
        </ol>
      ) : (
        <ul key={key}>{items}</ul>
      );
    }
    case 'code':
      return (
        <pre key={key} className="md-code">
          <code>{block.text}</code>
        </pre>
      );
    case 'quote':
      return <blockquote key={key}>{block.children.map((b, i) => renderBlock(b, i))}</blockquote>;
    case 'hr':
      return <hr key={key} />;
    case 'table':
      return (
        <div key={key} className="md-table-wrap">
          <table className="md-table">
            <thead>
              <tr>
                {block.head.map((cell, i) => (
                  <th key={i} scope="col" style={block.align[i] ? { textAlign: block.align[i]! } : undefined}>
                    {renderInlines(cell)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {block.rows.map((row, r) => (
                <tr key={r}>
                  {row.map((cell, i) => (
                    <td key={i} style={block.align[i] ? { textAlign: block.align[i]! } : undefined}>
                      {renderInlines(cell)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
  }
}

function renderInlines(nodes: readonly Inline[]): ReactNode {
  return nodes.map((node, i) => <Fragment key={i}>{renderInline(node)}</Fragment>);
}

function renderInline(node: Inline): ReactNode {
  switch (node.t) {
    case 'text':
      return node.text;
    case 'code':
      return <code>{node.text}</code>;
    case 'strong':
      return <strong>{renderInlines(node.children)}</strong>;
    case 'em':
      return <em>{renderInlines(node.children)}</em>;
    case 'del':
      return <del>{renderInlines(node.children)}</del>;
    case 'link': {
      const pageId = pageIdOfHref(node.href);
      if (pageId) return <PageLink pageId={pageId}>{renderInlines(node.children)}</PageLink>;
      return (
        <a href={node.href} target="_blank" rel="noopener noreferrer">
          {renderInlines(node.children)}
        </a>
      );
    }
    case 'page':
      return node.pageId ? (
        <PageLink pageId={node.pageId}>{node.label}</PageLink>
      ) : (
        <span className="md-page missing" title={`No page called “${node.title}” yet`}>
          {node.label}
        </span>
      );
    case 'mention':
      return <span className="md-mention">@{node.name}</span>;
    case 'tag':
      return <span className="md-tag">#{node.tag}</span>;
  }
}

/** A link to a knowledge-base page: opens it in the app. */
export function PageLink({ pageId, children }: { pageId: string; children: ReactNode }) {
  const selectPage = useAppStore((s) => s.selectPage);
  const navigate = useAppStore((s) => s.navigate);
  return (
    <a
      href={`baton://page/${pageId}`}
      className="md-page"
      onClick={(event) => {
        event.preventDefault();
        selectPage(pageId);
        navigate('knowledge');
      }}
    >
      {children}
    </a>
  );
}
