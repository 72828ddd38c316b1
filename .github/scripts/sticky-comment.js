// Posts `body` on the pull request as one comment, found again on the next run by `marker`
// (an HTML comment, invisible on GitHub) and updated instead of adding another.
// Used from actions/github-script: `await require('./.github/scripts/sticky-comment.js')({ github, context, marker, body })`.
const LIMIT = 65536; // GitHub's maximum comment length

module.exports = async function stickyComment({ github, context, marker, body }) {
  const { owner, repo } = context.repo;
  const issue_number = context.issue.number;
  let text = `${marker}\n${body}`;
  if (text.length > LIMIT) {
    const note = "\n\n… cut at GitHub's comment limit: the whole review is in the job summary and the run's artifact.";
    text = text.slice(0, LIMIT - note.length) + note;
  }
  const comments = await github.paginate(github.rest.issues.listComments, { owner, repo, issue_number, per_page: 100 });
  const mine = comments.find((c) => c.user?.type === "Bot" && c.body?.startsWith(marker));
  if (mine) await github.rest.issues.updateComment({ owner, repo, comment_id: mine.id, body: text });
  else await github.rest.issues.createComment({ owner, repo, issue_number, body: text });
};
