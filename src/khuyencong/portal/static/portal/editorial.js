// The editor's page: "Chèn vào bài" puts an uploaded image (a <figure> with its alt text and caption) at the
// cursor of the rich-text editor. Without the editor (no script), the HTML snippet beside it can be pasted.
(function () {
  function proseEditor() {
    // Tiptap keeps its instance on the editable element.
    const dom = document.querySelector("#article-form .ProseMirror[contenteditable]");
    return dom && dom.editor;
  }
  document.addEventListener("click", function (event) {
    const button = event.target.closest("button.insert-image");
    if (!button) return;
    const snippet = document.getElementById(button.dataset.snippet);
    const editor = proseEditor();
    if (!snippet) return;
    if (editor) {
      editor.chain().focus().insertContent(snippet.value).run();
      document.getElementById("article-form").scrollIntoView({behavior: "smooth"});
    } else {
      snippet.select();
    }
  });
})();
