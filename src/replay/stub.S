/* The replay stub.  Its text section is linked at INJECT_PAGE_ADDR and
 * starts with the inject page's "syscall; int3" pair, so a freshly exec'd
 * stub already holds the page the supervisor drives remote syscalls
 * through.  The supervisor never lets _start run: it rebuilds the recorded
 * image first.  Should it run anyway, it exits with status 127. */
	.section .text
	.globl _start
	.p2align 12
inject_page:
	syscall			/* remote syscalls */
	int3
	.p2align 4
	syscall			/* the helper's untraced entry (RRSUP_UNTRACED_OFF) */
	ret
	.p2align 4
_start:
	mov	$231, %eax	/* exit_group */
	mov	$127, %edi
	syscall
	hlt
	.p2align 12
	.section .note.GNU-stack,"",@progbits
