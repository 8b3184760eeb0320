/* Entry points of the helper that must be written in assembly. */
	.text

/* Reached from a patched syscall site's stub (patch.c) with the program's
 * registers as they were at its syscall instruction: rax the number,
 * rdi rsi rdx r10 r8 r9 the arguments.  Like the syscall instruction it
 * replaces, it returns the result in rax, keeps the flags and clobbers
 * only rcx and r11 (the stub has already stepped over the red zone).
 * Those two and the flags leave with the same values whether the call
 * was recorded or replayed: spin checks compare all registers. */
	.globl	rrsup_entry
	.hidden	rrsup_entry
	.type	rrsup_entry, @function
rrsup_entry:
	pushfq
	push	%rbp
	mov	%rsp, %rbp
	/* struct hook_args { nr, a[6] } */
	push	%r9
	push	%r8
	push	%r10
	push	%rdx
	push	%rsi
	push	%rdi
	push	%rax
	and	$-16, %rsp
	cld
	/* rrsup_stack() sets the thread up if need be (on the program's
	 * stack, the same code at record and replay) and says where to
	 * run: the helper's own stack, or 0 to stay (nested in a signal
	 * handler that runs on it already, or no helper). */
	call	rrsup_stack
	test	%rax, %rax
	jz	1f
	mov	%rax, %rsp
1:	lea	-56(%rbp), %rdi
	call	rrsup_hook
	lea	-48(%rbp), %rsp
	pop	%rdi
	pop	%rsi
	pop	%rdx
	pop	%r10
	pop	%r8
	pop	%r9
	pop	%rbp
	mov	$0, %ecx
	mov	$0, %r11d
	popfq
	ret
	.size	rrsup_entry, .-rrsup_entry

/* long rrsup_do_syscall(long nr, const uint64_t a[6], uintptr_t entry)
 *
 * Every call the helper makes goes through the one "call *%r11" below,
 * to the untraced entry in the inject page or to the trapped one here.
 * So a call the supervisor turns from untraced into trapped (it blocked)
 * stops with the same stack and registers as the trapped call replay
 * makes in its place; the callee-saved registers are zeroed for the
 * same reason (the supervisor compares them). */
	.globl	rrsup_do_syscall
	.hidden	rrsup_do_syscall
	.type	rrsup_do_syscall, @function
rrsup_do_syscall:
	push	%rbx
	push	%rbp
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	mov	%rdx, %r11
	mov	%rdi, %rax
	mov	16(%rsi), %rdx
	mov	24(%rsi), %r10
	mov	32(%rsi), %r8
	mov	40(%rsi), %r9
	mov	0(%rsi), %rdi
	mov	8(%rsi), %rsi
	xor	%ebx, %ebx
	xor	%ebp, %ebp
	xor	%r12d, %r12d
	xor	%r13d, %r13d
	xor	%r14d, %r14d
	xor	%r15d, %r15d
	call	*%r11
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbp
	pop	%rbx
	ret
	.size	rrsup_do_syscall, .-rrsup_do_syscall

/* The trapped entry: outside the inject page, so the filter stops it. */
	.globl	rrsup_traced_entry
	.hidden	rrsup_traced_entry
	.type	rrsup_traced_entry, @function
rrsup_traced_entry:
	syscall
	ret
	.size	rrsup_traced_entry, .-rrsup_traced_entry

	.section .note.GNU-stack,"",@progbits
